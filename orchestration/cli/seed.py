"""`ihf seed`: load deterministic synthetic history with planted truth (SPEC §9)."""

from datetime import datetime, timezone

import click

from orchestration.cli.options import as_of_option, out
from orchestration.lib import db, schema
from orchestration.synthetic import SCALES, load_synthetic_history


def today_utc() -> datetime:
    """Midnight UTC today: the default end of the history, stable within a day."""
    now = datetime.now(timezone.utc)
    return datetime(now.year, now.month, now.day, tzinfo=timezone.utc)


def seed_history(scale: str, seed: int, as_of: datetime | None) -> dict:
    url = db.database_url()
    schema.require_current(url)
    report = load_synthetic_history(url, scale, seed, as_of or today_utc(), progress=True)
    out.print(
        f"seeded {report['scale']} (seed {report['seed']}, as_of {report['as_of']}): "
        f"{report['total_rows']:,} rows in {report['seconds']:.1f} s ({report['rows_per_second']:,} rows/s); "
        f"planted truth in synthetic.planted_truth and {report['truth_path']}"
    )
    return report


@click.command("seed")
@click.option("--scale", required=True, help=f"One of: {', '.join(SCALES)}.")
@click.option("--seed", "seed", default="1", show_default=True, help="Non-negative integer; same seed, same history.")
@as_of_option(help="End of the history (default: today 00:00 UTC).")
def seed_command(scale: str, seed: str, as_of) -> None:
    """Load deterministic synthetic history into an empty, upgraded database."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    if not seed.isdigit():
        raise ValueError(f"--seed must be a non-negative integer, got {seed!r}")
    seed_history(scale, int(seed), as_of)


COMMANDS = [seed_command]
