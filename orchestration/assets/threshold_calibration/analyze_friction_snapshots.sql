-- Temp tables get no automatic statistics; the label join plans better with them.
analyze friction_snapshots
