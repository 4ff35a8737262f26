"""Lineage enrichment: outcome_summary on decisions and candidates (SPEC §6)."""
