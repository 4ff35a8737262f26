"""Foreman blockers and the evidence trail."""

from __future__ import annotations

import numpy as np

from orchestration.synthetic import rowfmt as fmt
from orchestration.synthetic import truth
from orchestration.synthetic.context import Context
from orchestration.synthetic.copy_loader import Table, single_chunk
from orchestration.synthetic.foreman_activity import CLASSIFICATIONS, RESOLUTIONS
from orchestration.synthetic.foreman_history import MODELS
from orchestration.synthetic.foreman_plan import ForemanPlan
from orchestration.synthetic.rowfmt import DAY_US, HOUR_US, MINUTE_US


def blockers(ctx: Context, p: ForemanPlan, f: dict) -> Table:
    rng = ctx.rng("blocker_rows")
    done = np.nonzero(p.task_ended >= 0)[0]
    hit = done[rng.random(len(done)) < 0.08]
    cls = np.where(rng.random(len(hit)) < 0.25, 5, rng.integers(0, 5, len(hit)))  # some past stalls, resolved
    span = p.task_ended[hit] - p.task_started[hit]
    detected = p.task_started[hit] + (span * rng.uniform(0.1, 0.6, len(hit))).astype(np.int64)
    resolved = detected + ((p.task_ended[hit] - detected) * rng.uniform(0.2, 0.9, len(hit))).astype(np.int64)
    open_tasks = np.nonzero(p.task_state == 3)[0]
    open_cls = rng.integers(0, 5, len(open_tasks))
    open_detected = np.minimum(
        p.task_started[open_tasks] + (rng.uniform(0.5, 6, len(open_tasks)) * HOUR_US).astype(np.int64),
        ctx.as_of_us - MINUTE_US,
    )
    started_waves = np.nonzero(p.wave_start <= ctx.as_of_us - 2 * DAY_US)[0]
    waves = started_waves[rng.random(len(started_waves)) < 0.05]
    wave_detected = p.wave_start[waves] + (rng.uniform(0.2, 1.5, len(waves)) * DAY_US).astype(np.int64)
    wave_resolved = np.minimum(
        wave_detected + (rng.uniform(0.5, 3, len(waves)) * DAY_US).astype(np.int64), ctx.as_of_us
    )
    entity_type = np.concatenate([np.zeros(len(hit) + len(open_tasks), int), np.ones(len(waves), int)])
    entity = np.concatenate([f["task_ids"][hit], f["task_ids"][open_tasks], f["wave_ids"][waves]])
    classification = np.concatenate([cls, open_cls, np.ones(len(waves), int)])
    detected_at = np.concatenate([detected, open_detected, wave_detected])
    resolved_at = np.concatenate([resolved, np.full(len(open_tasks), -1), wave_resolved])
    n = len(entity)
    descriptions = np.array(
        [fmt.escape(f"{c.replace('_', ' ').capitalize()} detected") for c in CLASSIFICATIONS], dtype=object
    )[classification]
    data = fmt.rows(
        [
            ctx.ids("blockers", n),
            fmt.pick(("task", "wave"), entity_type),
            entity,
            fmt.pick(CLASSIFICATIONS, classification),
            descriptions,
            fmt.timestamps(detected_at),
            fmt.timestamps(resolved_at),
            np.where(resolved_at >= 0, fmt.pick(RESOLUTIONS, classification), fmt.NULL),
        ]
    )
    cols = (
        "blocker_id",
        "entity_type",
        "entity_id",
        "classification",
        "description",
        "detected_at",
        "resolved_at",
        "resolution_action",
    )
    return Table("foreman.blockers", cols, single_chunk(data, n), n)


def evidence_trail(ctx: Context, p: ForemanPlan, f: dict) -> Table:
    """Program and wave starts, task assignment/start/end, builder registration."""
    builders = np.array(truth.BUILDERS, "S32")
    backend = np.array([b.encode() for b in p.backend], dtype=object)
    model = np.array([MODELS[b].encode() for b in p.backend], dtype=object)
    seen = np.nonzero(p.wave_start <= ctx.as_of_us)[0]
    assigned = np.nonzero(p.task_state >= 1)[0]
    started = np.nonzero(p.task_started >= 0)[0]
    completed = np.nonzero((p.task_state == 4) & (p.task_ended >= 0))[0]
    failed = np.nonzero((p.task_state == 5) & (p.task_ended >= 0))[0]
    every_builder = np.arange(len(truth.BUILDERS))
    parts = [  # (entity type, entity ids, action, acting builder or None for foreman, instants)
        ("program", f["program_ids"], "program_created", None, np.maximum(p.program_start - DAY_US, ctx.start_us)),
        ("wave", f["wave_ids"][seen], "wave_started", None, p.wave_start[seen]),
        ("task", f["task_ids"][assigned], "task_assigned", None, p.task_created[assigned]),
        ("task", f["task_ids"][started], "task_started", p.task_builder[started], p.task_started[started]),
        ("task", f["task_ids"][completed], "task_completed", p.task_builder[completed], p.task_ended[completed]),
        ("task", f["task_ids"][failed], "task_failed", p.task_builder[failed], p.task_ended[failed]),
        (
            "builder",
            ctx.ids("builder_entities", len(every_builder)),
            "builder_registered",
            every_builder,
            np.full(len(every_builder), ctx.start_us + HOUR_US),
        ),
    ]
    columns: list[list[np.ndarray]] = [[] for _ in range(7)]
    for entity_type, ids, action, who, when in parts:
        k = len(ids)
        foreman = who is None
        for i, values in enumerate(
            (
                np.full(k, entity_type.encode(), dtype=object),
                ids,
                np.full(k, action.encode(), dtype=object),
                np.full(k, b"foreman", dtype=object) if foreman else builders[who].astype(object),
                np.full(k, fmt.NULL, dtype=object) if foreman else backend[who],
                np.full(k, fmt.NULL, dtype=object) if foreman else model[who],
                when,
            )
        ):
            columns[i].append(values)
    entity_type, entity, action, actor, back, mod, when = (np.concatenate(c) for c in columns)
    n = len(entity)
    data = fmt.rows(
        [
            ctx.ids("evidence_trail", n),
            entity_type,
            entity,
            action,
            actor,
            back,
            mod,
            fmt.const(b"{}", n),
            fmt.timestamps(when.astype(np.int64)),
        ]
    )
    cols = ("evidence_id", "entity_type", "entity_id", "action", "actor", "backend", "model", "context", "timestamp")
    return Table("foreman.evidence_trail", cols, single_chunk(data, n), n)
