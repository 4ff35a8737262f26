"""Learning insights: regressions, friction, pattern tiers and threshold shifts (SPEC §7.5, §10)."""
