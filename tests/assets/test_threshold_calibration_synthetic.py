"""Calibration on the synthetic history (SPEC §9): the global threshold equals the F1-optimal
threshold the generator measured on the same data, and at medium lies within one score step
of the planted friction threshold. Also the calibration benchmark hook."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
import pytest

from orchestration.assets.threshold_calibration.calibration import calibrate_thresholds
from orchestration.resources import LearningSettings
from orchestration.synthetic import load_synthetic_history
from tests.assets.ihf_history import AS_OF, threshold_config


def seeded_calibration(url: str, scale: str, truth_dir: Path) -> tuple[dict, dict, float]:
    """Seed `scale`, calibrate at its as_of; (global row, planted ihf.friction, calibration seconds)."""
    load_synthetic_history(url, scale, seed=5, as_of=AS_OF, progress=False, truth_dir=truth_dir)
    return calibrated(url)


def calibrated(url: str) -> tuple[dict, dict, float]:
    """Calibrate the seeded history at AS_OF; (global row, planted ihf.friction, calibration seconds)."""
    started = time.perf_counter()
    with psycopg.connect(url) as conn:
        calibrate_thresholds(conn, LearningSettings(), AS_OF)
    seconds = time.perf_counter() - started
    with psycopg.connect(url) as conn:
        planted = conn.execute("select value from synthetic.planted_truth where key = 'ihf.friction'").fetchone()[0]
        return threshold_config(conn, None), planted, seconds


def assert_matches_the_planted_calibration(row: dict, planted: dict) -> None:
    # the generator measured the F1-optimal τ on the same data with an independent (numpy) implementation
    expected = planted["calibration"]
    assert (row["threshold"], row["sample_size"], row["positives"], row["status"]) == (
        expected["threshold"], expected["snapshots"], expected["positives"], "active")
    for metric in ("precision", "recall", "f1"):
        assert row[metric] == pytest.approx(expected[metric], abs=1e-6)


def test_calibration_agrees_with_the_planted_calibration_at_tiny(db_url, tmp_path):
    row, planted, _ = seeded_calibration(db_url, "tiny", tmp_path)
    assert_matches_the_planted_calibration(row, planted)


@pytest.mark.slow
def test_calibration_recovers_the_planted_friction_threshold_at_medium(medium_history):
    row, planted, _ = calibrated(medium_history[0])
    assert abs(row["threshold"] - planted["threshold"]) <= planted["score_step"]
    assert_matches_the_planted_calibration(row, planted)


@pytest.mark.bench
def test_bench_calibration_at_medium(medium_history):
    row, _, seconds = calibrated(medium_history[0])
    print(f"calibration medium: {seconds:.2f} s over {row['sample_size']} snapshots")
    assert seconds < 120
