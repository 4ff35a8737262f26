"""Requirement candidates, their triage history, reviewers and requirements.

Statuses are those reached by `as_of` along the planned timeline
(lineage_plan): open → triaged → accepted → promoted, or → rejected / closed.
`requirement_candidates.requirement_id` is filled in after the requirements
are loaded (the two tables reference each other).
"""

from __future__ import annotations

import numpy as np

from orchestration.synthetic import rowfmt as fmt
from orchestration.synthetic import truth
from orchestration.synthetic.annotation_history import BODY_VOCAB, Threads
from orchestration.synthetic.context import Context
from orchestration.synthetic.copy_loader import Table, single_chunk

STATUSES = ("open", "triaged", "accepted", "promoted", "rejected", "closed")
LINK_REQUIREMENTS = (
    "update public.requirement_candidates c set requirement_id = r.id"
    " from public.requirements r where r.source_candidate_id = c.id and c.requirement_id is null",
    None,
)


def candidate_status(plans: dict[str, np.ndarray]) -> np.ndarray:
    fate = plans["fate"]
    status = np.where(plans["triaged"] >= 0, 1, 0)
    status = np.where((fate <= 1) & (plans["accepted"] >= 0), 2, status)
    status = np.where((fate == 0) & (plans["promoted"] >= 0), 3, status)
    status = np.where((fate == 2) & (plans["terminal"] >= 0), 4, status)
    status = np.where((fate == 3) & (plans["terminal"] >= 0), 5, status)
    return status.astype(np.int8)


def candidates(ctx: Context, cand: dict, plans: dict, th: Threads, names: list[str]) -> Table:
    rng, n = ctx.rng("candidate_rows"), len(cand["widget"])
    ids = ctx.extras["candidate_ids"]
    ann_ids = ctx.extras["annotation_ids"]
    source = cand["source"]
    titles = [
        fmt.escape(f"{truth.CATEGORIES[c].capitalize()} on {names[w]}")
        for c, w in zip(cand["category"].tolist(), cand["widget"].tolist())
    ]
    cause = np.where(cand["noise"], b"Raised by a reviewer", b"Friction score reached the routing threshold")
    quote = cand["category"].astype(np.int64) * 5 + rng.integers(0, 5, n)  # a report of the candidate's category
    body = np.where(source >= 0, fmt.pick(BODY_VOCAB, quote), b"")
    description = [c + (b". " + b if b else b".") for c, b in zip(cause.tolist(), body.tolist())]
    data = fmt.rows(
        [
            ids,
            titles,
            description,
            fmt.take(ctx.extras["widget_ids"], cand["widget"]),
            fmt.take(th.ids, th.of_candidate),
            fmt.take(ann_ids, source),
            fmt.pick(truth.CATEGORIES, cand["category"]),
            fmt.pick(STATUSES, candidate_status(plans)),
            ctx.users(rng, n),
            fmt.timestamps(cand["time"]),
        ]
    )
    cols = (
        "id",
        "title",
        "description",
        "source_widget_id",
        "source_thread_id",
        "source_annotation_id",
        "category",
        "status",
        "created_by",
        "created_at",
    )
    return Table("public.requirement_candidates", cols, single_chunk(data, n), n)


def triage_states(ctx: Context, cand: dict, plans: dict) -> Table:
    rng = ctx.rng("triage_rows")
    fate = plans["fate"]
    stages = [  # (status index, time, reached)
        (0, cand["time"], np.ones(len(fate), bool)),
        (1, plans["triaged"], plans["triaged"] >= 0),
        (2, plans["accepted"], (fate <= 1) & (plans["accepted"] >= 0)),
        (3, plans["promoted"], (fate == 0) & (plans["promoted"] >= 0)),
        (4, plans["terminal"], (fate == 2) & (plans["terminal"] >= 0)),
        (5, plans["terminal"], (fate == 3) & (plans["terminal"] >= 0)),
    ]
    who = np.concatenate([np.nonzero(ok)[0] for _, _, ok in stages])
    status = np.concatenate([np.full(ok.sum(), s) for s, _, ok in stages])
    when = np.concatenate([t[ok] for _, t, ok in stages])
    n = len(who)
    notes = (
        "Created from friction routing",
        "Reviewed in weekly triage",
        "Accepted for planning",
        "Promoted to a requirement",
        "Rejected: working as designed",
        "Closed as a duplicate",
    )
    data = fmt.rows(
        [
            ctx.ids("triage_states", n),
            fmt.take(ctx.extras["candidate_ids"], who),
            fmt.pick(STATUSES, status),
            fmt.pick(notes, status),
            ctx.users(rng, n),
            fmt.timestamps(when),
        ]
    )
    cols = ("id", "candidate_id", "status", "notes", "changed_by", "changed_at")
    return Table("public.triage_states", cols, single_chunk(data, n), n)


def reviewer_assignments(ctx: Context, cand: dict, plans: dict) -> Table:
    rng = ctx.rng("reviewer_rows")
    who = np.nonzero(plans["triaged"] >= 0)[0]
    n = len(who)
    created, triaged = cand["time"][who], plans["triaged"][who]
    assigned = created + ((triaged - created) * rng.uniform(0.2, 0.8, n)).astype(np.int64)
    data = fmt.rows(
        [
            ctx.ids("reviewer_assignments", n),
            fmt.take(ctx.extras["candidate_ids"], who),
            ctx.users(rng, n),
            ctx.users(rng, n),
            fmt.timestamps(assigned),
        ]
    )
    cols = ("id", "candidate_id", "user_id", "assigned_by", "assigned_at")
    return Table("public.reviewer_assignments", cols, single_chunk(data, n), n)


def requirements(ctx: Context, cand: dict, plans: dict, deployed: np.ndarray, names: list[str]) -> Table:
    """One requirement per promoted candidate; `deployed`: per candidate, whether anything shipped."""
    rng = ctx.rng("requirement_rows")
    who = np.nonzero(ctx.extras["requirement_of"] >= 0)[0]
    n = len(who)
    titles = [
        fmt.escape(f"Reduce {truth.CATEGORIES[c]} on {names[w]}")
        for c, w in zip(cand["category"][who].tolist(), cand["widget"][who].tolist())
    ]
    data = fmt.rows(
        [
            ctx.extras["requirement_ids"],
            titles,
            fmt.const(b"Users must be able to complete the task without the reported problem.", n),
            fmt.take(ctx.extras["candidate_ids"], who),
            np.where(deployed[who], b"implemented", b"active"),
            ctx.users(rng, n),
            fmt.timestamps(plans["promoted"][who]),
        ]
    )
    cols = ("id", "title", "description", "source_candidate_id", "status", "created_by", "created_at")
    table = Table("public.requirements", cols, single_chunk(data, n), n)
    table.after.append(LINK_REQUIREMENTS)
    return table


def prepare(ctx: Context, cand: dict, plans: dict) -> None:
    n = len(cand["widget"])
    assert np.array_equal(plans["candidate"], np.arange(n)), "plans must follow candidate order"
    ctx.extras["candidate_ids"] = ctx.ids("requirement_candidates", n)
    promoted = (plans["fate"] == 0) & (plans["promoted"] >= 0)
    requirement_of = np.full(n, -1, np.int64)
    requirement_of[promoted] = np.arange(promoted.sum())
    ctx.extras["requirement_of"] = requirement_of
    ctx.extras["requirement_ids"] = ctx.ids("requirements", int(promoted.sum()))
