"""Partitions: lineage backfill runs one UTC day of outcome signals at a time."""

from dagster import DailyPartitionsDefinition

# The synthetic and real histories start well after this date.
signal_days = DailyPartitionsDefinition(start_date="2024-01-01", timezone="UTC")
