"""Annotation threads and annotations from the simulated annotation stream.

Threads: most candidates get one, grouping the not-yet-threaded annotations
of their trigger window on the widget (or reusing the thread their source
annotation already belongs to); a few more threads group short runs of
annotations without any candidate. Within a thread, some later annotations
reply to its first one (`parent_id`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np

from orchestration.synthetic import rowfmt as fmt
from orchestration.synthetic import truth
from orchestration.synthetic.context import Context
from orchestration.synthetic.copy_loader import Table, single_chunk
from orchestration.synthetic.friction_sim import SimResult
from orchestration.synthetic.rowfmt import DAY_US

CANDIDATE_THREAD_SHARE = 0.75
STANDALONE_THREAD_SHARE = 0.01  # of annotations, seeding threads without a candidate
REPLY_SHARE = 0.4
BODIES = {
    "friction": (
        "Takes too many steps to finish this",
        "I keep losing my place here",
        "This is slower to use than it should be",
        "Had to retry several times",
        "The flow here feels clumsy",
    ),
    "bug": (
        "Clicking does nothing the second time",
        "Values reset after saving",
        "Shows an error and loses my input",
        "Wrong totals after filtering",
        "Crashes when the list is empty",
    ),
    "confusion": (
        "Not clear what this control does",
        "Labels do not match what happens",
        "I expected a confirmation here",
        "Which option applies to me?",
        "The wording is ambiguous",
    ),
    "accessibility": (
        "Focus order jumps around",
        "Screen reader does not announce the state",
        "Contrast is too low to read",
        "Cannot reach it with the keyboard",
        "Target is too small on touch",
    ),
    "performance": (
        "Takes seconds to respond",
        "Scrolling stutters with many rows",
        "Spinner never goes away",
        "Freezes the page while loading",
        "Times out on large inputs",
    ),
}
BODY_VOCAB = [b for c in truth.CATEGORIES for b in BODIES[c]]


@dataclass
class Threads:
    of_annotation: np.ndarray  # thread index per annotation (-1: none)
    parent: np.ndarray  # parent annotation index per annotation (-1: none)
    of_candidate: np.ndarray  # source thread per candidate (-1: none)
    widget: np.ndarray  # per thread
    created: np.ndarray  # per thread: first member's created_at
    category: np.ndarray  # per thread: its first member's category
    ids: np.ndarray  # S36 per thread


def assign_threads(ctx: Context, sim: SimResult) -> Threads:
    rng = ctx.rng("threads")
    ann, cand, win = sim.annotations, sim.candidates, sim.cand_window
    n_ann, n_cand = len(ann["widget"]), len(cand["widget"])
    of_ann = np.full(n_ann, -1, np.int64)
    of_cand = np.full(n_cand, -1, np.int64)
    order = np.argsort(win["owner"], kind="stable")
    bounds = np.searchsorted(win["owner"][order], np.arange(n_cand + 1))
    members_all = win["annotation"][order]
    wants = rng.random(n_cand) < CANDIDATE_THREAD_SHARE
    n_threads = 0
    for j in np.nonzero(wants)[0].tolist():
        source = int(cand["source"][j])
        if source >= 0 and of_ann[source] >= 0:
            of_cand[j] = of_ann[source]
            continue
        members = members_all[bounds[j] : bounds[j + 1]]
        members = members[of_ann[members] < 0]
        if len(members):
            of_ann[members] = n_threads
            of_cand[j] = n_threads
            n_threads += 1
    by_widget = np.lexsort((ann["time"], ann["widget"]))
    seeds = rng.choice(n_ann, int(n_ann * STANDALONE_THREAD_SHARE), replace=False) if n_ann else np.empty(0, int)
    position = np.empty(n_ann, np.int64)
    position[by_widget] = np.arange(n_ann)
    for seed in np.sort(seeds).tolist():
        if of_ann[seed] >= 0:
            continue
        run = by_widget[position[seed] : position[seed] + 4]
        run = run[
            (ann["widget"][run] == ann["widget"][seed])
            & (of_ann[run] < 0)
            & (ann["time"][run] <= ann["time"][seed] + 10 * DAY_US)
        ]
        of_ann[run] = n_threads
        n_threads += 1
    threaded = np.nonzero(of_ann >= 0)[0]
    grouped = threaded[np.lexsort((ann["time"][threaded], of_ann[threaded]))]
    first_of = np.r_[True, of_ann[grouped][1:] != of_ann[grouped][:-1]] if len(grouped) else np.zeros(0, bool)
    roots = grouped[first_of]  # thread t's first annotation is roots[t]
    parent = np.full(n_ann, -1, np.int64)
    replies = grouped[~first_of]
    replies = replies[rng.random(len(replies)) < REPLY_SHARE]
    parent[replies] = roots[of_ann[replies]]
    return Threads(
        of_ann,
        parent,
        of_cand,
        ann["widget"][roots],
        ann["time"][roots],
        ann["category"][roots],
        ctx.ids("annotation_threads", n_threads),
    )


def threads_table(ctx: Context, th: Threads, names: list[str]) -> Table:
    rng, n = ctx.rng("thread_rows"), len(th.ids)
    titles = [
        fmt.escape(f"{truth.CATEGORIES[c].capitalize()} reports on {names[w]}")
        for c, w in zip(th.category.tolist(), th.widget.tolist())
    ]
    data = fmt.rows(
        [
            th.ids,
            fmt.take(ctx.extras["widget_ids"], th.widget),
            titles,
            fmt.const(b"Grouped during triage", n),
            ctx.users(rng, n),
            fmt.timestamps(th.created),
        ]
    )
    cols = ("id", "widget_id", "title", "description", "created_by", "created_at")
    return Table("public.annotation_threads", cols, single_chunk(data, n), n)


def annotations_table(ctx: Context, sim: SimResult, th: Threads, widget_version_at) -> Table:
    """`widget_version_at(widget_idx, times)` → the widget version current at each time."""
    ann = sim.annotations
    n = len(ann["widget"])
    order = np.argsort(ann["time"], kind="stable")  # parents (earlier) always load first
    ids = np.empty(n, "S36")
    ids[order] = fmt.uuid7s(ctx.rng("ids:annotations"), ann["time"][order])
    chunk_rows = 200_000

    def chunks() -> Iterator[tuple[int, bytes]]:
        for lo in range(0, n, chunk_rows):
            sel = order[lo : lo + chunk_rows]
            rng = ctx.rng("annotation_rows", lo // chunk_rows)
            m = len(sel)
            body = ann["category"][sel].astype(np.int64) * 5 + rng.integers(0, 5, m)
            actor_type = rng.choice(3, m, p=[0.92, 0.05, 0.03])
            actor = np.where(actor_type == 2, fmt.NULL, ctx.users(rng, m))
            state = [b"v%d" % v for v in widget_version_at(ann["widget"][sel], ann["time"][sel]).tolist()]
            yield (
                m,
                fmt.rows(
                    [
                        ids[sel],
                        fmt.take(ctx.extras["widget_ids"], ann["widget"][sel]),
                        fmt.take(ids, th.parent[sel]),
                        fmt.pick(BODY_VOCAB, body),
                        fmt.pick(truth.CATEGORIES, ann["category"][sel]),
                        fmt.pick(truth.SEVERITIES, ann["severity"][sel]),
                        fmt.take(th.ids, th.of_annotation[sel]),
                        actor,
                        fmt.pick(("user", "agent", "system"), actor_type),
                        state,
                        fmt.timestamps(ann["retracted_at"][sel]),
                        fmt.timestamps(ann["time"][sel]),
                    ]
                ),
            )

    ctx.extras["annotation_ids"] = ids
    cols = (
        "id",
        "widget_id",
        "parent_id",
        "body",
        "category",
        "severity",
        "thread_id",
        "actor_id",
        "actor_type",
        "widget_state_ref",
        "retracted_at",
        "created_at",
    )
    return Table("public.annotations", cols, chunks(), n)
