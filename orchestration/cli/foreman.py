"""`ihf foreman monitor`: one pass of the builder-stall monitor (the job the 5-minute schedule runs)."""

from __future__ import annotations

import click

from orchestration.cli.options import as_of_option, out
from orchestration.lib import db, schema
from orchestration.lib.as_of import iso, parse_as_of


@click.group("foreman", help="Foreman build office: builder monitoring.")
def foreman_group() -> None:
    pass


@foreman_group.command("monitor")
@as_of_option("--at", "at", help="Instant to judge heartbeats at: YYYY-MM-DD or ISO-8601 (default: now, UTC).")
@click.option(
    "--stall-minutes",
    type=int,
    default=None,
    help="An active builder silent longer than this is stalled (default 15).",
)
def monitor(at, stall_minutes) -> None:
    """Open builder_stall blockers for silent builders and resolve those whose heartbeats resumed."""
    from orchestration.assets.foreman_monitor.stalls import (
        DEFAULT_STALL_MINUTES,
        run_monitor_pass,
        validate_stall_minutes,
    )

    minutes = validate_stall_minutes(DEFAULT_STALL_MINUTES if stall_minutes is None else stall_minutes)
    instant = at or parse_as_of(None)
    url = db.database_url()
    schema.require_current(url)
    with db.transaction(url) as conn:
        monitor_pass = run_monitor_pass(conn, instant, minutes)
    for verb, changes in (("opened", monitor_pass.opened), ("resolved", monitor_pass.resolved)):
        for change in changes:
            out.print(
                f"{verb} builder_stall blocker {change.blocker_id}: "
                f"builder {change.builder_id or '-'}, task {change.task_id}",
                markup=False,
            )
    out.print(
        f"foreman monitor at {iso(instant)} (stall after {minutes} min): "
        f"opened {len(monitor_pass.opened)}, resolved {len(monitor_pass.resolved)}",
        markup=False,
    )


COMMANDS = [foreman_group]
