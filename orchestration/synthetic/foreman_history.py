"""Foreman programs, waves, tasks and builders (schema foreman).

Wave and program progress is left to the roll-up triggers (programs and
waves are loaded first, then tasks). Those trigger updates stamp
`updated_at = now()`, so afterwards each wave's and program's `updated_at`
is set explicitly to its last task change (the updated_at trigger keeps
explicitly assigned values), which keeps the load deterministic.
"""

from __future__ import annotations

import numpy as np
from psycopg import sql

from orchestration.synthetic import rowfmt as fmt
from orchestration.synthetic import truth
from orchestration.synthetic.context import Context
from orchestration.synthetic.copy_loader import Table, single_chunk
from orchestration.synthetic.foreman_plan import TASK_STATES, ForemanPlan
from orchestration.synthetic.rowfmt import DAY_US, HOUR_US

THEMES = (
    "billing revamp",
    "search relevance",
    "onboarding flow",
    "audit logging",
    "mobile parity",
    "data retention",
    "payments v2",
    "admin console",
    "reporting API",
    "SSO rollout",
)
MODELS = {"local": "llama-3.1-70b", "hosted": "claude-sonnet-4.6", "burst": "gpt-4.1"}
SET_UPDATED_AT = sql.SQL(
    "update {table} t set updated_at = v.at"
    " from unnest(%s::uuid[], %s::timestamptz[]) as v (id, at)"
    " where t.{key} = v.id and t.updated_at is distinct from v.at"
)


def _rollup_state(child_state_groups: list[np.ndarray], finished_states=(4, 5), failed_state=5) -> list[str]:
    out = []
    for states in child_state_groups:
        if len(states) and np.isin(states, finished_states).all():
            out.append("failed" if (states == failed_state).mean() > 0.5 else "completed")
        elif len(states) == 0 or (states <= 1).all():
            out.append("planned")
        elif (states == 3).any() and not (states == 2).any():
            out.append("blocked")
        else:
            out.append("in-progress")
    return out


def prepare(ctx: Context, p: ForemanPlan) -> dict:
    n_p, n_w, n_t = len(p.program_start), len(p.wave_program), len(p.task_wave)
    task_updated = np.where(
        p.task_ended >= 0, p.task_ended, np.where(p.task_started >= 0, p.task_started, p.task_created)
    )
    wave_updated = np.maximum(p.program_start[p.wave_program] - DAY_US, ctx.start_us)
    np.maximum.at(wave_updated, p.task_wave, task_updated)
    program_updated = np.maximum(p.program_start - DAY_US, ctx.start_us)
    np.maximum.at(program_updated, p.wave_program, wave_updated)
    wave_state_code = np.array(
        [
            {"planned": 0, "in-progress": 2, "blocked": 3, "completed": 4, "failed": 5}[s]
            for s in _rollup_state([p.task_state[p.task_wave == w] for w in range(n_w)])
        ]
    )
    return {
        "program_ids": ctx.ids("programs", n_p),
        "wave_ids": ctx.ids("waves", n_w),
        "task_ids": ctx.ids("tasks", n_t),
        "task_updated": task_updated,
        "wave_updated": wave_updated,
        "program_updated": program_updated,
        "wave_state": _rollup_state([p.task_state[p.task_wave == w] for w in range(n_w)]),
        "program_state": _rollup_state([wave_state_code[p.wave_program == i] for i in range(n_p)]),
        "org_ids": ctx.ids("organisations", 2),
    }


def programs(ctx: Context, p: ForemanPlan, f: dict) -> Table:
    rng, n = ctx.rng("program_rows"), len(p.program_start)
    names = [fmt.escape(f"P{i + 1:03d} {THEMES[i % len(THEMES)]}") for i in range(n)]
    created = np.maximum(p.program_start - DAY_US, ctx.start_us)
    data = fmt.rows(
        [
            f["program_ids"],
            names,
            fmt.const(b"Deliver the program objectives with evidence", n),
            [fmt.jsonb(["ship", "evidence", f"waves:{int((p.wave_program == i).sum())}"]) for i in range(n)],
            [s.encode() for s in f["program_state"]],
            fmt.const(b"0", n),
            [b"s3://foreman-evidence/program-%d" % (i + 1) for i in range(n)],
            fmt.timestamps(created),
            fmt.timestamps(f["program_updated"]),
            ctx.users(rng, n),
            f["org_ids"][rng.integers(0, 2, n)],
        ]
    )
    cols = (
        "program_id",
        "name",
        "description",
        "objectives",
        "state",
        "progress_percentage",
        "evidence_location",
        "created_at",
        "updated_at",
        "created_by",
        "organisation_id",
    )
    return Table("foreman.programs", cols, single_chunk(data, n), n)


def waves(ctx: Context, p: ForemanPlan, f: dict) -> Table:
    n = len(p.wave_program)
    seq = np.arange(n) - np.searchsorted(p.wave_program, p.wave_program)
    deps = [fmt.jsonb([f["wave_ids"][i - 1].decode()] if seq[i] > 0 else []) for i in range(n)]
    data = fmt.rows(
        [
            f["wave_ids"],
            f["program_ids"][p.wave_program],
            [b"Wave %d" % (s + 1) for s in seq.tolist()],
            fmt.ints(seq + 1),
            deps,
            [s.encode() for s in f["wave_state"]],
            fmt.const(b"0", n),
            fmt.timestamps(np.maximum(p.program_start[p.wave_program] - DAY_US, ctx.start_us)),
            fmt.timestamps(f["wave_updated"]),
        ]
    )
    cols = (
        "wave_id",
        "program_id",
        "name",
        "sequence_number",
        "dependencies",
        "state",
        "progress_percentage",
        "created_at",
        "updated_at",
    )
    return Table("foreman.waves", cols, single_chunk(data, n), n)


def tasks(ctx: Context, p: ForemanPlan, f: dict) -> Table:
    rng, n = ctx.rng("task_rows"), len(p.task_wave)
    state = p.task_state
    progress = np.select(
        [state == 4, state == 5, state == 2, state == 3],
        [100, rng.integers(20, 91, n), rng.integers(10, 86, n), rng.integers(10, 61, n)],
        0,
    )
    builder = np.where(state == 0, -1, p.task_builder)
    ref = [b"arch/w%d/t%d.md" % (w, i) for i, w in enumerate(p.task_wave.tolist())]
    data = fmt.rows(
        [
            f["task_ids"],
            f["wave_ids"][p.task_wave],
            [b"Task %d" % (i + 1) for i in range(n)],
            ref,
            [b"qa/suites/w%d/t%d" % (w, i) for i, w in enumerate(p.task_wave.tolist())],
            fmt.const(b"All acceptance tests pass with evidence attached", n),
            fmt.pick(truth.BUILDERS, builder),
            fmt.pick(TASK_STATES, state),
            fmt.ints(progress),
            np.where(state >= 4, b"s3://foreman-evidence/tasks", fmt.NULL),
            fmt.timestamps(p.task_created),
            fmt.timestamps(f["task_updated"]),
            fmt.timestamps(p.task_started),
            fmt.timestamps(np.where(state == 4, p.task_ended, -1)),
        ]
    )
    cols = (
        "task_id",
        "wave_id",
        "name",
        "architecture_reference",
        "qa_suite_location",
        "acceptance_criteria",
        "assigned_builder",
        "state",
        "progress_percentage",
        "evidence_location",
        "created_at",
        "updated_at",
        "started_at",
        "completed_at",
    )
    table = Table("foreman.tasks", cols, single_chunk(data, n), n)
    for name, key, ids, at in (
        ("waves", "wave_id", f["wave_ids"], f["wave_updated"]),
        ("programs", "program_id", f["program_ids"], f["program_updated"]),
    ):
        table.after.append(
            (
                SET_UPDATED_AT.format(table=sql.Identifier("foreman", name), key=sql.Identifier(key)),
                ([i.decode() for i in ids], [t.decode() for t in fmt.timestamps(at)]),
            )
        )
    return table


def builders(ctx: Context, p: ForemanPlan, f: dict) -> Table:
    n = len(truth.BUILDERS)
    data = fmt.rows(
        [
            [b.encode() for b in truth.BUILDERS],
            [b.encode() for b in p.backend],
            fmt.take(f["task_ids"], p.current_task),
            [s.encode() for s in p.builder_state],
            fmt.timestamps(p.last_heartbeat),
            [fmt.jsonb({"model": MODELS[b], "escalation_rationale": None}) for b in p.backend],
            fmt.const(fmt.timestamps(np.array([ctx.start_us + HOUR_US]))[0], n),
            fmt.timestamps(p.last_heartbeat),
        ]
    )
    cols = (
        "builder_id",
        "backend_type",
        "current_task_id",
        "state",
        "last_heartbeat",
        "provenance",
        "created_at",
        "updated_at",
    )
    return Table("foreman.builders", cols, single_chunk(data, n), n)
