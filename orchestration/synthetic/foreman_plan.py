"""The Foreman timeline: programs → sequential waves → tasks on five builders.

Programs start across the history (the last one a few weeks before as_of),
each runs its waves back to back, and tasks run for minutes to hours. A task
that would end after as_of has not started yet (assigned / planned), except
the current task of each active builder (in progress now). A finished
task succeeds (completed with a GREEN final QA run) with its builder's
planted probability; otherwise it failed, or completed with a failing QA.
Exactly two builders are stalled: active, last heartbeat 20-90 min ago.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orchestration.synthetic import truth
from orchestration.synthetic.context import Context
from orchestration.synthetic.rowfmt import DAY_US, HOUR_US, MINUTE_US

TASK_STATES = ("planned", "assigned", "in-progress", "blocked", "completed", "failed")


@dataclass
class ForemanPlan:
    backend: list[str]  # per builder
    p_success: np.ndarray  # per builder
    builder_state: list[str]  # idle / active
    stalled: list[str]
    last_heartbeat: np.ndarray  # per builder, µs
    current_task: np.ndarray  # per builder, task index or -1
    program_start: np.ndarray
    wave_program: np.ndarray
    wave_start: np.ndarray
    wave_end: np.ndarray
    task_wave: np.ndarray
    task_builder: np.ndarray
    task_state: np.ndarray  # index into TASK_STATES
    task_created: np.ndarray
    task_started: np.ndarray  # -1: not started
    task_ended: np.ndarray  # completion or failure instant, -1: not ended
    task_success: np.ndarray  # bool: completed with a GREEN final QA run


def plan(ctx: Context) -> ForemanPlan:
    rng, s = ctx.rng("foreman_plan"), ctx.scale
    n_b = len(truth.BUILDERS)
    p_success = np.array(truth.BUILDER_SUCCESS)[rng.permutation(n_b)]
    backend = [truth.BACKENDS[i] for i in rng.integers(0, len(truth.BACKENDS), n_b)]
    stalled_idx = np.sort(rng.choice(n_b, 2, replace=False))
    others = [b for b in range(n_b) if b not in stalled_idx]
    healthy = rng.permutation(others)[: rng.integers(1, len(others))]  # 1-2 healthy active, the rest idle
    active = np.zeros(n_b, bool)
    active[stalled_idx] = active[healthy] = True
    last_hb = np.where(
        active,
        ctx.as_of_us - rng.integers(30_000_000, 4 * MINUTE_US + 30_000_000, n_b),
        ctx.as_of_us - rng.integers(MINUTE_US, 30 * MINUTE_US, n_b),
    )
    last_hb[stalled_idx] = ctx.as_of_us - rng.integers(20 * MINUTE_US, 90 * MINUTE_US, 2)

    n_p = s.programs
    starts = np.sort(ctx.start_us + (rng.uniform(5, 360, n_p) * DAY_US).astype(np.int64))
    starts[-1] = ctx.as_of_us - int(rng.uniform(15, 30) * DAY_US)
    waves = rng.integers(s.waves_per_program[0], s.waves_per_program[1] + 1, n_p)
    wave_program = np.repeat(np.arange(n_p), waves)
    duration = (rng.uniform(8, 30, len(wave_program)) * DAY_US).astype(np.int64)
    offset = np.cumsum(duration) - duration
    offset -= np.repeat(offset[np.cumsum(waves) - waves], waves)  # restart per program
    wave_start = starts[wave_program] + offset
    wave_end = wave_start + duration

    tasks = rng.integers(s.tasks_per_wave[0], s.tasks_per_wave[1] + 1, len(wave_program))
    task_wave = np.repeat(np.arange(len(wave_program)), tasks)
    n_t = len(task_wave)
    builder = rng.integers(0, n_b, n_t)
    begin = wave_start[task_wave] + (rng.uniform(0, 0.8, n_t) * duration[task_wave]).astype(np.int64)
    minutes = np.clip(rng.lognormal(np.log(240), 0.8, n_t), 15, 3000)
    end = begin + (minutes * MINUTE_US).astype(np.int64)
    finished = end <= ctx.as_of_us
    success = finished & (rng.random(n_t) < p_success[builder])
    failed_state = finished & ~success & (rng.random(n_t) < 0.6)
    created = np.maximum(
        wave_start[task_wave] - (rng.uniform(0, 1, n_t) * DAY_US).astype(np.int64), starts[wave_program[task_wave]]
    )
    # waves that start after as_of were planned up front, when their program started
    planned_upfront = starts[wave_program[task_wave]] + (rng.uniform(0, 2, n_t) * DAY_US).astype(np.int64)
    created = np.where(wave_start[task_wave] > ctx.as_of_us, planned_upfront, created)
    created = np.minimum(created, ctx.as_of_us - HOUR_US)
    state = np.where(finished, np.where(failed_state, 5, 4), np.where(wave_start[task_wave] <= ctx.as_of_us, 1, 0))
    started = np.where(finished, begin, -1)
    # current work in the latest program's running wave: one in-progress task per active builder
    # (stalled ones included) and a few blocked tasks
    host = np.nonzero((wave_program == n_p - 1) & (wave_start <= ctx.as_of_us - DAY_US))[0].max()
    act = np.nonzero(active)[0]
    n_blocked = int(rng.integers(1, 4))
    k = len(act) + n_blocked
    current = np.full(n_b, -1, np.int64)
    current[act] = n_t + np.arange(len(act))
    extra_builder = np.concatenate([act, rng.integers(0, n_b, n_blocked)])
    extra_started = np.concatenate(
        [
            last_hb[act] - (rng.uniform(0.5, 6, len(act)) * HOUR_US).astype(np.int64),
            ctx.as_of_us - (rng.uniform(0.5, 4, n_blocked) * DAY_US).astype(np.int64),
        ]
    )
    extra_started = np.maximum(extra_started, wave_start[host] + HOUR_US)
    extra_started[: len(act)] = np.minimum(extra_started[: len(act)], last_hb[act] - 10 * MINUTE_US)
    task_wave = np.concatenate([task_wave, np.full(k, host)])
    builder = np.concatenate([builder, extra_builder])
    state = np.concatenate([state, np.full(len(act), 2), np.full(n_blocked, 3)])
    created = np.concatenate([created, np.maximum(extra_started - HOUR_US, wave_start[host])])
    started = np.concatenate([started, extra_started])
    finished = np.concatenate([finished, np.zeros(k, bool)])
    end = np.concatenate([end, np.full(k, -1)])
    success = np.concatenate([success, np.zeros(k, bool)])
    return ForemanPlan(
        backend,
        p_success,
        ["active" if a else "idle" for a in active],
        [truth.BUILDERS[i] for i in stalled_idx],
        last_hb,
        current,
        starts,
        wave_program,
        wave_start,
        wave_end,
        task_wave,
        builder,
        state.astype(np.int8),
        created,
        started,
        np.where(finished, end, -1),
        success,
    )


def builders_truth(p: ForemanPlan) -> dict[str, object]:
    return {
        "foreman.builders": {
            b: {
                "backend_type": p.backend[i],
                "pattern_key": f"foreman:{b}/{p.backend[i]}",
                "p_success": float(p.p_success[i]),
                "stalled": b in p.stalled,
                "state": p.builder_state[i],
            }
            for i, b in enumerate(truth.BUILDERS)
        },
        "foreman.stalled_builders": list(p.stalled),
    }
