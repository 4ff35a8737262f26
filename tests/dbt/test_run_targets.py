"""Each nightly's dbt invocation leaves a directory under target/; only the newest are kept."""

from __future__ import annotations

import os

from orchestration.assets.dbt_marts import _remove_old_run_targets


def test_only_the_newest_run_directories_of_the_step_are_kept(tmp_path):
    runs = []
    for night in range(6):
        run = tmp_path / f"ihf_dbt_models-run{night}-abc{night}"
        (run / "compiled").mkdir(parents=True)
        (run / "manifest.json").write_text("{}")
        os.utime(run, (1_000_000 + night, 1_000_000 + night))  # night 5 is the newest
        runs.append(run)
    other_step = tmp_path / "other_step-run0-abc"
    other_step.mkdir()
    (tmp_path / "partial_parse.msgpack").write_bytes(b"state")
    current = tmp_path / "ihf_dbt_models-run9-xyz"  # this run's, written last but given the oldest time
    current.mkdir()
    os.utime(current, (1, 1))

    removed = _remove_old_run_targets(current, keep=3)

    assert sorted(removed) == sorted(runs[:4])  # this run plus the two newest others stay
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [current.name, runs[4].name, runs[5].name, other_step.name, "partial_parse.msgpack"]
    )
