"""`ihf report`: the learning report as static HTML from the marts (SPEC §3); never reruns the nightly job."""

from __future__ import annotations

from pathlib import Path

import click

from orchestration.cli.options import as_of_option, out
from orchestration.lib import db, schema


@click.command()
@as_of_option(help="The report's as_of, YYYY-MM-DD or ISO-8601 (default: the as_of the marts were built for).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Directory to write (default: reports/<as_of date>/).")
def report(as_of, out_dir: Path | None) -> None:
    """Write the learning report (learning, antifragility per hub, Foreman) and print the path of index.html."""
    from orchestration.assets.nightly_report.report import (
        default_out_dir,
        marts_as_of,
        write_report,
    )

    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"--out {out_dir} is a file; pass a directory")
    url = db.database_url()
    schema.require_current(url)
    instant = as_of or marts_as_of(url)
    index = write_report(url, instant, out_dir or default_out_dir(instant))
    out.print(str(index.resolve()), markup=False, highlight=False)


COMMANDS = [report]
