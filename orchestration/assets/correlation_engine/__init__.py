"""Correlation engine (SPEC §7.1): how each deployment's friction moved, per source annotation."""
