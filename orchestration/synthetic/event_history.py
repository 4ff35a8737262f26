"""Interaction events, generated and streamed in time-ordered chunks.

Each chunk covers a run of days for all widgets at once: Poisson counts per
(day, widget) from the widget's popularity, uniform times within the day,
sorted by time, with time-ordered ids. Error events grow with the widget's
simulated friction. About 0.5% of events are later retracted by a marker
event (`event_type = 'retracted'`, metadata naming the original) on the
same widget (seed 002 correction policy). Only one chunk is in memory at a
time, so `large` (~10M rows) streams in constant memory. Chunks are in
COPY's binary format: this table is most of every scale's rows.
"""

from __future__ import annotations

import json
from typing import Iterator

import numpy as np

from orchestration.synthetic import rowfmt as fmt
from orchestration.synthetic import truth
from orchestration.synthetic.catalog_history import CONTEXTS, HUBS
from orchestration.synthetic.context import Context
from orchestration.synthetic.contract_history import EVENT_TYPES_BY_WIDGET
from orchestration.synthetic.copy_loader import Table
from orchestration.synthetic.rowfmt import DAY_US, MINUTE_US


def _metadata(value: dict) -> bytes:
    return fmt.binary_jsonb(json.dumps(value, separators=(", ", ": "), sort_keys=True).encode())


VOCAB = sorted({e for types in EVENT_TYPES_BY_WIDGET.values() for e in types}) + ["error", "retracted"]
ERROR, RETRACTED = VOCAB.index("error"), VOCAB.index("retracted")
ERROR_CODES = [_metadata({"code": c}) for c in ("E_TIMEOUT", "E_VALIDATION", "E_NETWORK", "E_RENDER")]
REASONS = ("duplicate submission", "incorrect actor attribution", "test traffic", "bot traffic")
ACTOR_TYPES = (b"user", b"anonymous", b"agent", b"system")
VOCAB_BYTES = [v.encode() for v in VOCAB]
RETRACTED_TYPE, SYSTEM_ACTOR = fmt.binary_text(b"retracted"), fmt.binary_text(b"system")
EMPTY_METADATA = fmt.binary_jsonb(b"{}")
# Fixed-width fields first: the binary formatter packs them per row in one numpy pass.
COLUMNS = ("id", "widget_id", "occurred_at", "event_type", "actor_id", "actor_type", "view_context_ref", "metadata")


def _type_tables() -> tuple[np.ndarray, np.ndarray]:
    """Per widget type: cumulative probabilities over its own event types, and their VOCAB indices."""
    width = max(len(v) for v in EVENT_TYPES_BY_WIDGET.values())
    cum, index = np.ones((len(truth.WIDGET_TYPES), width)), np.zeros((len(truth.WIDGET_TYPES), width), int)
    for t, name in enumerate(truth.WIDGET_TYPES):
        types = EVENT_TYPES_BY_WIDGET[name]
        weights = np.array([3.0] + [1.0] * (len(types) - 1))
        cum[t, : len(types)] = np.cumsum(weights / weights.sum())
        index[t, : len(types)] = [VOCAB.index(e) for e in types]
        index[t, len(types) :] = index[t, len(types) - 1]
    return cum, index


def events_table(ctx: Context, friction: np.ndarray) -> Table:
    model = ctx.extras["widgets"]
    n_w, days = len(model.hub), ctx.days
    alive_days = np.clip(days - 1 - model.created_day, 1, None)
    per_day = ctx.scale.events_per_widget / alive_days.mean() * model.popularity
    expected = int(per_day @ alive_days * (1 + truth.RETRACTED_EVENT_SHARE))
    days_per_chunk = max(1, int(ctx.scale.event_chunk_rows / max(per_day.sum(), 1)))
    views = fmt.binary_pick(
        [f"/{h[0]}/{c}".encode() for h in HUBS for c in CONTEXTS],
        model.hub.astype(np.int64) * len(CONTEXTS) + ctx.extras["widget_context"],
    )
    type_cum, type_index = _type_tables()

    def chunks() -> Iterator[tuple[int, bytes]]:
        for k, d0 in enumerate(range(0, days, days_per_chunk)):
            d1 = min(days, d0 + days_per_chunk)
            rng = ctx.rng("events", k)
            alive = model.created_day[None, :] < np.arange(d0, d1)[:, None]
            counts = rng.poisson(per_day[None, :] * alive).ravel()
            cell = np.repeat(np.arange(len(counts)), counts)
            day, widget = d0 + cell // n_w, cell % n_w
            t = ctx.start_us + day * DAY_US + rng.integers(1, DAY_US, len(cell))
            order = np.argsort(t, kind="stable")
            day, widget, t = day[order], widget[order], t[order]
            yield _format_chunk(ctx, rng, widget, day, t, friction, views, type_cum, type_index)

    return Table("public.interaction_events", COLUMNS, chunks(), expected, binary=True)


def _format_chunk(ctx, rng, widget, day, t, friction, views, type_cum, type_index) -> tuple[int, bytes]:
    model = ctx.extras["widgets"]
    m = len(widget)
    wtype = model.widget_type[widget]
    col = (rng.random(m)[:, None] > type_cum[wtype]).sum(axis=1)
    etype = type_index[wtype, np.minimum(col, type_index.shape[1] - 1)]
    p_error = 0.01 + 0.06 * np.minimum(friction[day, widget], 1.0)
    etype = np.where(rng.random(m) < p_error, ERROR, etype)
    actor_type = rng.choice(3, m, p=[0.7, 0.25, 0.05])
    actor = np.full(m, fmt.NULL_FIELD, dtype=object)
    is_user = actor_type == 0
    actor[is_user] = fmt.binary_uuids(fmt.uuid_raw(ctx.users(rng, m)[is_user])).view("V20").ravel().tolist()
    metadata = np.full(m, EMPTY_METADATA, dtype=object)
    errors = etype == ERROR
    metadata[errors] = np.array(ERROR_CODES, dtype=object)[rng.integers(0, len(ERROR_CODES), errors.sum())]
    submitted = np.nonzero(etype == VOCAB.index("submitted"))[0]
    metadata[submitted] = [
        fmt.binary_jsonb(b'{"duration_ms": %d}' % v) for v in rng.integers(200, 30_000, len(submitted)).tolist()
    ]
    ids = fmt.uuid7_raw(rng, t)
    # retraction markers, on the same widget, a little later
    target = np.nonzero(rng.random(m) < truth.RETRACTED_EVENT_SHARE)[0]
    k = len(target)
    t_marker = np.minimum(t[target] + rng.integers(MINUTE_US, 2 * DAY_US, k), ctx.as_of_us)
    reasons = rng.integers(0, len(REASONS), k)
    marker_meta = [
        _metadata({"retracted_event_id": i.decode(), "reason": REASONS[r]})
        for i, r in zip(fmt.uuid_text(ids[target]).tolist(), reasons.tolist())
    ]
    widget_ids = ctx.extras["widget_raw_ids"]
    all_widgets = np.concatenate([widget, widget[target]])
    data = fmt.binary_rows(
        [
            fmt.binary_fixed_part(
                fmt.binary_uuids(np.concatenate([ids, fmt.uuid7_raw(rng, t_marker)])),
                fmt.binary_uuids(widget_ids[all_widgets]),
                fmt.binary_timestamps(np.concatenate([t, t_marker])),
                field_count=len(COLUMNS),
            ),
            np.concatenate([fmt.binary_pick(VOCAB_BYTES, etype), np.full(k, RETRACTED_TYPE, dtype=object)]),
            np.concatenate([actor, np.full(k, fmt.NULL_FIELD, dtype=object)]),
            np.concatenate([fmt.binary_pick(ACTOR_TYPES, actor_type), np.full(k, SYSTEM_ACTOR, dtype=object)]),
            views[all_widgets],
            np.concatenate([metadata, np.array(marker_meta, dtype=object)]),
        ]
    )
    return m + k, data
