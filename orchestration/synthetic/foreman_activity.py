"""Foreman activity around the tasks: heartbeats, QA runs, architecture
validations, blockers, governance violations and the evidence trail.

A task's last QA run decides its success: GREEN for planted successes,
PARTIAL or RED otherwise. No heartbeat of a builder is later than its
`last_heartbeat`; the stalled builders' heartbeats stop 20-90 minutes
before as_of and no open builder_stall blocker exists yet (opening it is
the monitor's job).
"""

from __future__ import annotations

import numpy as np

from orchestration.synthetic import rowfmt as fmt
from orchestration.synthetic import truth
from orchestration.synthetic.context import Context
from orchestration.synthetic.copy_loader import Table, single_chunk
from orchestration.synthetic.foreman_plan import ForemanPlan
from orchestration.synthetic.rowfmt import HOUR_US, MINUTE_US

CLASSIFICATIONS = (
    "architecture_qa_mismatch",
    "impossible_requirements",
    "protected_path",
    "repeated_failures",
    "constitutional_violation",
    "builder_stall",
)
RESOLUTIONS = (
    "architecture_updated",
    "requirements_clarified",
    "path_unprotected",
    "task_split",
    "escalated_to_owner",
    "heartbeat_resumed",
)
VIOLATIONS = ("protected_path_write", "missing_evidence", "unreviewed_merge", "scope_creep")
QA = ("RED", "PARTIAL", "GREEN")


def _spread(rng, owner: np.ndarray, lo: np.ndarray, hi: np.ndarray, count: np.ndarray):
    """`count[i]` sorted instants in [lo[i], hi[i]] per owner i: (owner index, position, instant)."""
    who = np.repeat(owner, count)
    pos = np.arange(len(who)) - np.repeat(np.cumsum(count) - count, count)
    frac = (pos + rng.uniform(0.05, 0.95, len(who))) / np.repeat(np.maximum(count, 1), count)
    return who, pos, lo[who] + (frac * (hi[who] - lo[who])).astype(np.int64)


def qa_executions(ctx: Context, p: ForemanPlan, f: dict) -> Table:
    rng = ctx.rng("qa_rows")
    ran = np.nonzero(p.task_started >= 0)[0]
    finished = p.task_ended[ran] >= 0
    count = np.where(finished, rng.integers(1, 4, len(ran)), rng.integers(0, 2, len(ran)))
    hi = np.where(finished, p.task_ended[ran], np.minimum(p.task_started[ran] + HOUR_US, ctx.as_of_us))
    lo_all = np.full(len(p.task_wave), 0, np.int64)
    hi_all = np.full(len(p.task_wave), 0, np.int64)
    lo_all[ran], hi_all[ran] = p.task_started[ran], hi
    count_all = np.zeros(len(p.task_wave), np.int64)
    count_all[ran] = count
    task, pos, at = _spread(rng, ran, lo_all, hi_all, count)
    last = pos == count_all[task] - 1
    status = rng.integers(0, 2, len(task))  # earlier runs: RED or PARTIAL
    final = np.where(p.task_success[task], 2, np.where(p.task_state[task] == 5, 0, rng.integers(0, 2, len(task))))
    status = np.where(last & (p.task_ended[task] >= 0), final, status)
    n = len(task)
    total = rng.integers(20, 400, n)
    failing = np.select([status == 2, status == 1], [0, np.maximum(1, total // 20)], np.maximum(2, total // 3))
    skipped = rng.integers(0, 5, n)
    passing = total - failing - skipped
    data = fmt.rows(
        [
            ctx.ids("qa_executions", n),
            f["task_ids"][task],
            [b"qa/suites/w%d/t%d" % (p.task_wave[t], t) for t in task.tolist()],
            fmt.ints(total),
            fmt.ints(passing),
            fmt.ints(failing),
            fmt.ints(skipped),
            fmt.ints(rng.integers(0, 6, n)),
            fmt.pick(QA, status),
            fmt.timestamps(at),
            fmt.ints(rng.integers(2_000, 600_000, n)),
        ]
    )
    cols = (
        "execution_id",
        "task_id",
        "qa_suite_location",
        "total_tests",
        "passing_tests",
        "failing_tests",
        "skipped_tests",
        "test_debt_count",
        "qa_status",
        "executed_at",
        "execution_time_ms",
    )
    return Table("foreman.qa_executions", cols, single_chunk(data, n), n)


def heartbeats(ctx: Context, p: ForemanPlan, f: dict) -> Table:
    rng = ctx.rng("heartbeat_rows")
    ran = np.nonzero((p.task_started >= 0) & (p.task_state != 3))[0]
    b = p.task_builder[ran]
    hi = np.where(p.task_ended[ran] >= 0, p.task_ended[ran], p.last_heartbeat[b])
    current = p.task_ended[ran] < 0
    count = np.where(
        current,
        np.clip((hi - p.task_started[ran]) // (5 * MINUTE_US), 1, 120),
        np.clip((hi - p.task_started[ran]) // (30 * MINUTE_US), 1, 8),
    )
    lo_all, hi_all = np.zeros(len(p.task_wave), np.int64), np.zeros(len(p.task_wave), np.int64)
    lo_all[ran], hi_all[ran] = p.task_started[ran], hi
    task, pos, at = _spread(rng, ran, lo_all, hi_all, count)
    count_all = np.zeros(len(p.task_wave), np.int64)
    count_all[ran] = count
    at = np.where(
        p.task_ended[task] < 0, np.where(pos == count_all[task] - 1, p.last_heartbeat[p.task_builder[task]], at), at
    )
    builder = p.task_builder[task]
    keep = at <= p.last_heartbeat[builder]
    idle = np.nonzero(np.array(p.builder_state) == "idle")[0]
    task, pos, at, builder = task[keep], pos[keep], at[keep], builder[keep]
    progress = np.minimum(100, (pos + 1) * 100 // np.maximum(count_all[task], 1))
    status = np.where(p.task_state[task] == 3, 2, 0)
    tasks = np.concatenate([task, np.full(len(idle), -1)])
    n = len(tasks)
    data = fmt.rows(
        [
            ctx.ids("heartbeats", n),
            np.concatenate([np.array(truth.BUILDERS, "S32")[builder], np.array(truth.BUILDERS, "S32")[idle]]),
            fmt.take(f["task_ids"], tasks),
            fmt.timestamps(np.concatenate([at, p.last_heartbeat[idle]])),
            fmt.pick(("active", "idle", "blocked"), np.concatenate([status, np.ones(len(idle), int)])),
            fmt.const(b"working", n),
            fmt.ints(np.concatenate([progress, np.zeros(len(idle))]), np.arange(n) >= len(task)),
        ]
    )
    cols = ("heartbeat_id", "builder_id", "task_id", "timestamp", "status", "message", "progress_percentage")
    return Table("foreman.heartbeats", cols, single_chunk(data, n), n)


def validations_and_violations(ctx: Context, p: ForemanPlan, f: dict) -> list[Table]:
    rng = ctx.rng("validation_rows")
    ran = np.nonzero(p.task_started >= 0)[0]
    twice = rng.random(len(ran)) < 0.15
    task = np.concatenate([ran, ran[twice]])
    ready = np.concatenate([np.ones(len(ran), bool), np.zeros(twice.sum(), bool)])
    before = np.where(ready, rng.uniform(5, 60, len(task)), rng.uniform(90, 600, len(task)))
    at = np.maximum(p.task_started[task] - (before * MINUTE_US).astype(np.int64), p.task_created[task])
    n = len(task)
    rate = np.where(ready, rng.uniform(85, 100, n), rng.uniform(40, 84, n))
    valid = fmt.rows(
        [
            ctx.ids("architecture_validations", n),
            f["task_ids"][task],
            [b"arch/w%d/t%d.md" % (p.task_wave[t], t) for t in task.tolist()],
            [fmt.jsonb({"checks": 20, "passed": int(r // 5)}) for r in rate.tolist()],
            fmt.decimals(rate, 2),
            np.where(ready, b"READY", b"NOT_READY"),
            fmt.timestamps(at),
            fmt.const(b"foreman", n),
        ]
    )
    bad = ran[rng.random(len(ran)) < 0.05]
    m = len(bad)
    end = np.where(p.task_ended[bad] >= 0, p.task_ended[bad], ctx.as_of_us)
    detected = p.task_started[bad] + ((end - p.task_started[bad]) * rng.uniform(0.1, 0.9, m)).astype(np.int64)
    resolved = np.where(
        rng.random(m) < 0.8, np.minimum(detected + (rng.uniform(1, 48, m) * HOUR_US).astype(np.int64), ctx.as_of_us), -1
    )
    violations = fmt.rows(
        [
            ctx.ids("governance_violations", m),
            f["task_ids"][bad],
            np.array(truth.BUILDERS, "S32")[p.task_builder[bad]],
            fmt.pick(VIOLATIONS, rng.integers(0, len(VIOLATIONS), m)),
            fmt.const(b"Detected by the governance gate", m),
            fmt.timestamps(detected),
            np.where(resolved >= 0, b"Reverted and re-reviewed", fmt.NULL),
            fmt.timestamps(resolved),
        ]
    )
    return [
        Table(
            "foreman.architecture_validations",
            (
                "validation_id",
                "task_id",
                "architecture_reference",
                "validation_results",
                "pass_rate",
                "build_readiness",
                "validated_at",
                "validated_by",
            ),
            single_chunk(valid, n),
            n,
        ),
        Table(
            "foreman.governance_violations",
            (
                "violation_id",
                "task_id",
                "builder_id",
                "violation_type",
                "description",
                "detected_at",
                "resolution",
                "resolved_at",
            ),
            single_chunk(violations, m),
            m,
        ),
    ]
