"""The dbt unit tests (fixed inputs, expected rows) run here, in CI, not in the nightly build:
their inputs never change from night to night (dbt's own advice for production runs)."""

from __future__ import annotations

import json

from orchestration.project import dbt_project
from tests.assets.ihf_history import AS_OF
from tests.dbt_runner import run_dbt


def test_every_dbt_unit_test_passes(db_url, tmp_path):
    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    unit_tests = set(manifest["unit_tests"])
    assert len(unit_tests) >= 9

    # Unit tests read their parents' column types from the database: build those (empty) first.
    built = run_dbt(db_url, tmp_path, "build", "--select", "+test_type:unit", "--exclude-resource-type", "test",
                    as_of=AS_OF)  # fmt: skip
    assert built.returncode == 0, built.stdout[-4000:]

    results = json.loads((tmp_path / "target" / "run_results.json").read_text(encoding="utf-8"))["results"]
    outcome = {r["unique_id"]: r["status"] for r in results if r["unique_id"].startswith("unit_test.")}
    assert outcome == {unique_id: "pass" for unique_id in unit_tests}
