"""The `ihf` command line: thin wrappers over the library and the Dagster jobs.

Each module in this package contributes a COMMANDS list; `main` turns every
failure into one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import sys
import warnings

import click

from orchestration.cli import bench, core, foreman, knowledge, lineage, report, seed
from orchestration.cli.options import err
from orchestration.lib import db

warnings.filterwarnings("ignore", module="platformdirs")

COMMAND_MODULES = [bench, core, foreman, knowledge, lineage, report, seed]


@click.group(help="IHF learning pipeline: schema, synthetic history, nightly learning, search.")
def ihf() -> None:
    pass


for module in COMMAND_MODULES:
    for command in module.COMMANDS:
        ihf.add_command(command)


def main() -> None:
    try:
        ihf.main(args=sys.argv[1:], prog_name="ihf", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        err.print("ihf: aborted")
        sys.exit(130)
    except click.UsageError as exc:
        err.print(f"ihf: error: {exc.format_message()} (see `ihf --help`)", markup=False)
        sys.exit(2)
    except (db.DatabaseError, ValueError) as exc:
        err.print(f"ihf: error: {exc}", markup=False)
        sys.exit(2)
    except Exception as exc:  # a failed run: one line here, the details are in the Dagster logs above
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        err.print(f"ihf: error: {type(exc).__name__}: {first_line}", markup=False)
        sys.exit(1)
