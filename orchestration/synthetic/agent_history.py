"""Phase 5: agent proposals on candidates and decisions, their human reviews
and per-dimension confidence annotations."""

from __future__ import annotations

import numpy as np

from orchestration.synthetic import rowfmt as fmt
from orchestration.synthetic.context import Context
from orchestration.synthetic.copy_loader import Table, single_chunk
from orchestration.synthetic.rowfmt import DAY_US

TYPES = ("summary", "requirement_draft", "duplicate_flag", "policy_flag", "impl_proposal")
STATUSES = ("pending", "accepted", "rejected", "superseded")
MODELS = ("claude-sonnet-4.6", "gpt-4.1", "llama-3.1-70b")
DIMENSIONS = ("accuracy", "relevance", "completeness", "policy_alignment")
CONTENT = (
    "Summary of the reports and their common cause",
    "Draft requirement text for review",
    "Possible duplicate of an earlier candidate",
    "Touches a restricted policy scope",
    "Proposed implementation outline",
)


def tables(ctx: Context, cand: dict, plans: dict, out: dict, cand_thread: np.ndarray) -> list[Table]:
    rng = ctx.rng("agent_rows")
    n_cand = len(cand["widget"])
    on_cand = np.nonzero(rng.random(n_cand) < 0.4)[0]
    on_dec = out["decided"][rng.random(len(out["decided"])) < 0.25]
    cand_of = np.concatenate([on_cand, on_dec])
    n = len(cand_of)
    is_dec = np.arange(n) >= len(on_cand)
    ptype = np.where(is_dec, rng.integers(3, 5, n), rng.integers(0, 3, n))
    base = np.where(is_dec, plans["decided"][cand_of], cand["time"][cand_of])
    created = np.minimum(base + (rng.uniform(0.01, 3.0, n) * DAY_US).astype(np.int64), ctx.as_of_us)
    recent = created > ctx.as_of_us - 3 * DAY_US
    status = np.where(recent, 0, rng.choice(4, n, p=[0.15, 0.5, 0.25, 0.1]))
    decision = np.where(is_dec, out["decision_of"][cand_of], -1)
    ids = ctx.ids("agent_proposals", n)
    confidence = rng.uniform(0.35, 0.98, n)
    proposals = fmt.rows(
        [
            ids,
            fmt.pick(TYPES, ptype),
            fmt.take(ctx.extras["widget_ids"], cand["widget"][cand_of]),
            fmt.take(ctx.extras["candidate_ids"], cand_of),
            fmt.take(ctx.extras["thread_ids"], cand_thread[cand_of]),
            fmt.take(out["decision_ids"], decision),
            fmt.pick(CONTENT, ptype),
            fmt.pick(MODELS, rng.integers(0, len(MODELS), n)),
            fmt.decimals(confidence, 2),
            fmt.pick(STATUSES, status),
            fmt.timestamps(created),
        ]
    )
    reviewed = np.nonzero(status > 0)[0]
    m = len(reviewed)
    review_at = np.minimum(created[reviewed] + (rng.uniform(0.1, 5, m) * DAY_US).astype(np.int64), ctx.as_of_us)
    reviews = fmt.rows(
        [
            ctx.ids("agent_review_records", m),
            ids[reviewed],
            ctx.users(rng, m),
            fmt.pick(("", "accepted", "rejected", "modified"), status[reviewed]),
            fmt.const(b"Reviewed by a steward", m),
            fmt.timestamps(review_at),
        ]
    )
    dims = rng.integers(2, 5, n)
    owner = np.repeat(np.arange(n), dims)
    dim = np.arange(len(owner)) - np.repeat(np.cumsum(dims) - dims, dims)
    k = len(owner)
    score = np.clip(confidence[owner] + rng.normal(0, 0.08, k), 0, 1)
    conf = fmt.rows(
        [
            ctx.ids("confidence_annotations", k),
            ids[owner],
            fmt.pick(DIMENSIONS, dim),
            fmt.decimals(score, 3),
            fmt.const(b"Model self-assessment", k),
            fmt.timestamps(created[owner]),
        ]
    )
    return [
        Table(
            "public.agent_proposals",
            (
                "id",
                "proposal_type",
                "source_widget_id",
                "source_candidate_id",
                "source_thread_id",
                "source_decision_id",
                "content",
                "model_ref",
                "confidence",
                "status",
                "created_at",
            ),
            single_chunk(proposals, n),
            n,
        ),
        Table(
            "public.agent_review_records",
            ("id", "proposal_id", "reviewer_id", "decision", "notes", "reviewed_at"),
            single_chunk(reviews, m),
            m,
        ),
        Table(
            "public.confidence_annotations",
            ("id", "proposal_id", "dimension", "score", "explanation", "created_at"),
            single_chunk(conf, k),
            k,
        ),
    ]
