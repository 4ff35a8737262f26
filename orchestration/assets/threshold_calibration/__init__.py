"""Friction score and adaptive threshold calibration (SPEC §7.3, §10)."""
