"""COPY text helpers of the generator (pure, no database)."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import numpy as np

from orchestration.synthetic import rowfmt as fmt
from orchestration.synthetic.calibration_check import best_threshold


def test_timestamps_match_numpy_and_render_null():
    times = np.random.default_rng(0).integers(0, 1_900_000_000_000_000, 5_000)
    expected = np.datetime_as_string(times.astype("datetime64[us]"), unit="us").astype("S26")
    assert (fmt.timestamps(times) == expected).all()
    assert fmt.timestamps(np.array([-1, 0])).tolist() == [b"\\N", b"1970-01-01T00:00:00.000000"]
    instant = datetime(2026, 6, 1, 12, 30, 5, 7, tzinfo=timezone.utc)
    assert fmt.timestamps(np.array([fmt.to_us(instant)]))[0] == b"2026-06-01T12:30:05.000007"


def test_uuids_are_valid_deterministic_and_time_ordered():
    v4 = fmt.uuid4s(np.random.default_rng(1), 100)
    assert [uuid.UUID(u.decode()).version for u in v4] == [4] * 100
    assert (v4 == fmt.uuid4s(np.random.default_rng(1), 100)).all()
    times = np.sort(np.random.default_rng(2).integers(1_700_000_000_000_000, 1_800_000_000_000_000, 100))
    v7 = fmt.uuid7s(np.random.default_rng(3), times)
    assert [uuid.UUID(u.decode()).version for u in v7] == [7] * 100
    assert sorted(v7.tolist()) == [u for _, u in sorted(zip(times // 1000, v7.tolist()))]  # ms prefix orders them


def test_rows_escape_and_nulls():
    data = fmt.rows([np.array([b"a", b"b"], "S1"), [fmt.escape("tab\there"), fmt.escape(None)], fmt.const(b"{}", 2)])
    assert data == b"a\ttab\\there\t{}\nb\t\\N\t{}\n"
    assert fmt.take(np.array([b"x" * 36], "S36"), np.array([0, -1])).tolist() == [b"x" * 36, b"\\N"]


def test_best_threshold_prefers_the_smaller_tau_on_ties():
    scores = np.array([0, 1, 2, 3, 5, 5, 8])
    labels = np.array([False, False, False, True, True, True, True])
    assert best_threshold(scores, labels)["threshold"] == 3.0
    tied = best_threshold(np.array([2, 4]), np.array([True, False]))  # τ=2: F1 2/3; τ=4: 0
    assert tied["threshold"] == 2.0


def test_binary_fields_use_postgres_send_formats():
    raw = fmt.uuid7_raw(np.random.default_rng(4), np.array([1_700_000_000_000_000, 1_800_000_000_000_000]))
    assert (fmt.uuid_raw(fmt.uuid_text(raw)) == raw).all()
    assert [uuid.UUID(bytes=bytes(r)) for r in raw] == [uuid.UUID(t.decode()) for t in fmt.uuid_text(raw)]
    instant = datetime(2000, 1, 1, 0, 0, 1, 5, tzinfo=timezone.utc)  # 1.000005 s after PostgreSQL's epoch
    stamp = fmt.binary_timestamps(np.array([fmt.to_us(instant)]))
    assert bytes(stamp[0]) == b"\x00\x00\x00\x08" + (1_000_005).to_bytes(8, "big")
    row = fmt.binary_fixed_part(fmt.binary_uuids(raw[:1]), stamp, field_count=3)[0]
    assert row == b"\x00\x03\x00\x00\x00\x10" + bytes(raw[0]) + bytes(stamp[0])
    assert fmt.binary_pick([b"ab"], np.array([0, -1])).tolist() == [b"\x00\x00\x00\x02ab", fmt.NULL_FIELD]
    assert fmt.binary_jsonb(b"{}") == b"\x00\x00\x00\x03\x01{}"
