"""Institutional knowledge (SPEC §7.4): the distillation asset (`assets.py`) and
full-text search (`search.py`, which the CLI imports without loading Dagster)."""
