"""Run the project's dbt (the one beside this interpreter) against a test database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from orchestration.lib.as_of import iso
from orchestration.resources import PostgresResource
from tests.conftest import REPO_ROOT


def run_dbt(
    url: str, target: Path, command: str, *args: str, as_of: datetime, since: datetime | None = None
) -> subprocess.CompletedProcess:
    """`dbt <command> <args>` for `as_of` as the nightly runs it, incremental models extending the run
    for `since` (None: recomputing every row); artifacts and logs under `target`."""
    env = {
        **os.environ,
        **PostgresResource(url=url).dbt_env(),
        "IHF_AS_OF": iso(as_of),
        "IHF_INCREMENTAL_SINCE": iso(since) if since else "",
    }
    return subprocess.run(
        [str(Path(sys.executable).with_name("dbt")), command, "--project-dir", str(REPO_ROOT),
         "--profiles-dir", str(REPO_ROOT / "dbt_project"), "--target-path", str(target / "target"),
         "--log-path", str(target / "logs"), *args,
         "--vars", json.dumps({"window_days": 30})],
        capture_output=True, text=True, env=env, timeout=600, cwd=REPO_ROOT, check=False,
    )  # fmt: skip


def data_test_failures(target: Path) -> dict[str, int]:
    """Failing rows per data test of the last run in `target` (tests that passed map to 0)."""
    results = json.loads((target / "target" / "run_results.json").read_text(encoding="utf-8"))["results"]
    return {r["unique_id"].split(".")[2]: r["failures"] or 0 for r in results if r["unique_id"].startswith("test.")}
