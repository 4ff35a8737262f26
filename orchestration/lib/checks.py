"""Helpers for asset checks that judge a run by the instant it was computed for."""

from dagster import AssetCheckExecutionContext, AssetCheckResult, AssetKey

from orchestration.lib.as_of import parse_as_of


def latest_run_metadata(context: AssetCheckExecutionContext, asset_key: AssetKey) -> dict:
    """Metadata values of the asset's latest materialization, with `as_of` parsed; {} if none."""
    event = context.instance.get_latest_materialization_event(asset_key)
    metadata = event.asset_materialization.metadata if event and event.asset_materialization else {}
    values = {name: entry.value for name, entry in metadata.items()}
    if "as_of" in values:
        values["as_of"] = parse_as_of(values["as_of"])
    return values


def offenders_at_latest_run(context: AssetCheckExecutionContext, postgres, asset_key: AssetKey, query: str,
                            params=lambda metadata: {"as_of": metadata["as_of"]}) -> list | None:
    """Rows of a `find_*` query for the asset's latest materialization (parameters read from its
    metadata by `params`, by default its as_of); None while the asset has no run to judge."""
    metadata = latest_run_metadata(context, asset_key)
    if "as_of" not in metadata:
        return None
    with postgres.transaction() as conn:
        return conn.execute(query, params(metadata)).fetchall()


OFFENDING_SAMPLE = 20  # offending keys listed in a check's metadata; the count covers them all


def offending_rows_result(conn, query: str, label: str) -> AssetCheckResult:
    """Run a `find_*` query whose rows are the offenders; pass when it returns none."""
    keys = ["|".join(value.isoformat() if hasattr(value, "isoformat") else str(value) for value in row)
            for row in conn.execute(query).fetchall()]
    return AssetCheckResult(passed=not keys, metadata={"offending_count": len(keys), f"{label}_sample": keys[:OFFENDING_SAMPLE]})
