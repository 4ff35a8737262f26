"""Foreman monitoring: the 5-minute builder-stall monitor (SPEC §7.6)."""
