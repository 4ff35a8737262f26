"""Decisions, policy and implementation references, deployments, outcome
signals and change evaluations.

Each deployment's planned outcome kind (lineage_plan) is realised as 1-5
signals observed after it: the latest non-inconclusive one (by observed_at,
then id) carries the planted outcome, later ones are inconclusive, earlier
ones anything. A deployment too recent to have been observed gets no signal.
"""

from __future__ import annotations

import numpy as np

from orchestration.synthetic import rowfmt as fmt
from orchestration.synthetic.context import Context
from orchestration.synthetic.copy_loader import Table, single_chunk
from orchestration.synthetic.rowfmt import DAY_US, HOUR_US

SIGNAL_TYPES = ("improved", "regressed", "neutral", "inconclusive")
KIND_SIGNAL = np.array([3, 3, 0, 1, 2])  # outcome kind → signal type of the deciding signal
EARLIER_P = np.array([0.4, 0.0, 0.25, 0.35])  # types of signals before the deciding one
SCORE_P = np.array(
    [  # effective outcome kind → P(score 1..5): correlates with the outcome
        [0.05, 0.25, 0.4, 0.25, 0.05],
        [0.05, 0.25, 0.4, 0.25, 0.05],
        [0.0, 0.03, 0.12, 0.45, 0.4],
        [0.45, 0.4, 0.12, 0.03, 0.0],
        [0.05, 0.2, 0.5, 0.2, 0.05],
    ]
)
RATIONALE = (
    "Not yet observed",
    "Signals inconclusive so far",
    "Friction reports dropped after the change",
    "Users report new problems since the change",
    "No measurable difference",
)
POLICY_SCOPES = ("internal", "public", "restricted", "privacy", "accessibility")


def prepare(ctx: Context, cand: dict, plans: dict, deps: dict) -> dict:
    rng = ctx.rng("outcome_prepare")
    n_cand = len(cand["widget"])
    decision_of = np.full(n_cand, -1, np.int64)
    decided = np.nonzero(plans["decided"] >= 0)[0]
    decision_of[decided] = np.arange(len(decided))
    impl_of = np.full(n_cand, -1, np.int64)
    has_impl = np.nonzero(plans["impl"] >= 0)[0]
    impl_of[has_impl] = np.arange(len(has_impl))
    seq2 = deps["seq"] == 2
    impl_time = np.concatenate(
        [
            plans["impl"][has_impl],
            deps["deployed_at"][seq2] - (rng.uniform(0.5, 2.5, seq2.sum()) * DAY_US).astype(np.int64),
        ]
    )
    impl_cand = np.concatenate([has_impl, deps["candidate"][seq2]])
    dep_impl = np.where(seq2, len(has_impl) + np.cumsum(seq2) - 1, impl_of[deps["candidate"]])
    dep_widget = cand["widget"][deps["candidate"]]
    order = np.lexsort((deps["deployed_at"], dep_widget))
    version = np.empty(len(order), np.int64)
    first_of = np.r_[True, dep_widget[order][1:] != dep_widget[order][:-1]] if len(order) else np.zeros(0, bool)
    group_start = np.maximum.accumulate(np.where(first_of, np.arange(len(order)), 0)) if len(order) else order
    version[order] = np.arange(len(order)) - group_start + 2
    return {
        "decision_of": decision_of,
        "decided": decided,
        "decision_ids": ctx.ids("decision_records", len(decided)),
        "impl_cand": impl_cand,
        "impl_time": impl_time,
        "impl_ids": ctx.ids("impl_refs", len(impl_cand)),
        "dep_impl": dep_impl,
        "dep_widget": dep_widget,
        "dep_version": version,
        "dep_ids": ctx.ids("deployment_records", len(dep_widget)),
    }


def decisions(ctx: Context, cand: dict, plans: dict, out: dict, names: list[str]) -> list[Table]:
    rng, who = ctx.rng("decision_rows"), out["decided"]
    n = len(who)
    mode = plans["mode"][who]
    req = np.where(mode <= 1, ctx.extras["requirement_of"][who], -1)
    cid = np.where(mode != 1, who, -1)
    approved = plans["approved"][who]
    titles = [fmt.escape(f"Change {names[w]}") for w in cand["widget"][who].tolist()]
    data = fmt.rows(
        [
            out["decision_ids"],
            titles,
            np.where(approved, b"Friction evidence justifies a change", b"Deferred until capacity frees up"),
            np.where(approved, b"approved", b"deferred"),
            fmt.take(ctx.extras["requirement_ids"], req),
            fmt.take(ctx.extras["candidate_ids"], cid),
            ctx.users(rng, n),
            fmt.timestamps(plans["decided"][who]),
            fmt.const(b"Decided in the product review", n),
            fmt.timestamps(plans["decided"][who]),
        ]
    )
    cols = (
        "id",
        "title",
        "rationale",
        "outcome",
        "requirement_id",
        "candidate_id",
        "decided_by",
        "decided_at",
        "notes",
        "created_at",
    )
    # policy references: about half of the decisions cite one or two policies
    count = np.where(rng.random(n) < 0.5, rng.integers(1, 3, n), 0)
    pd = np.repeat(np.arange(n), count)
    p_time = plans["decided"][who][pd] + (rng.uniform(0, 2, len(pd)) * DAY_US).astype(np.int64)
    keep = p_time <= ctx.as_of_us
    pd, p_time = pd[keep], p_time[keep]
    m = len(pd)
    policy = fmt.rows(
        [
            ctx.ids("policy_references", m),
            out["decision_ids"][pd],
            fmt.pick(POLICY_SCOPES, rng.integers(0, len(POLICY_SCOPES), m)),
            fmt.const(b"Change must keep the policy scope's guarantees", m),
            ctx.users(rng, m),
            fmt.timestamps(p_time),
        ]
    )
    return [
        Table("public.decision_records", cols, single_chunk(data, n), n),
        Table(
            "public.policy_references",
            ("id", "decision_id", "policy_scope", "constraint_note", "created_by", "created_at"),
            single_chunk(policy, m),
            m,
        ),
    ]


def impl_refs(ctx: Context, out: dict) -> Table:
    rng, n = ctx.rng("impl_rows"), len(out["impl_cand"])
    system = rng.choice(3, n, p=[0.6, 0.3, 0.1])
    prefix = np.array(["GH-", "JIRA-", "LIN-"])[system]
    refs = [f"{p}{k}".encode() for p, k in zip(prefix, rng.integers(100, 99_999, n))]
    data = fmt.rows(
        [
            out["impl_ids"],
            out["decision_ids"][out["decision_of"][out["impl_cand"]]],
            refs,
            fmt.pick(("github", "jira", "linear"), system),
            ctx.users(rng, n),
            fmt.timestamps(out["impl_time"]),
        ]
    )
    cols = ("id", "decision_id", "work_item_ref", "system", "linked_by", "linked_at")
    return Table("public.implementation_change_references", cols, single_chunk(data, n), n)


def deployments(ctx: Context, deps: dict, out: dict) -> Table:
    rng, n = ctx.rng("deployment_rows"), len(deps["candidate"])
    data = fmt.rows(
        [
            out["dep_ids"],
            fmt.take(out["impl_ids"], out["dep_impl"]),
            out["decision_ids"][out["decision_of"][deps["candidate"]]],
            [b"v%d.0" % v for v in out["dep_version"].tolist()],
            fmt.timestamps(deps["deployed_at"]),
            ctx.users(rng, n),
            np.where(deps["seq"] == 2, b"Follow-up change", b"Initial change"),
            fmt.timestamps(deps["deployed_at"]),
        ]
    )
    cols = ("id", "impl_ref_id", "decision_id", "version_ref", "deployed_at", "deployed_by", "notes", "created_at")
    return Table("public.deployment_records", cols, single_chunk(data, n), n)


def plan_signals(ctx: Context, deps: dict) -> dict[str, np.ndarray]:
    """Signals per deployment; `kind` is each deployment's effective outcome kind (0 when unobserved)."""
    rng, n = ctx.rng("signal_rows"), len(deps["kind"])
    span = np.minimum(40 * DAY_US, ctx.as_of_us - deps["deployed_at"])
    kind = np.where(span < 2 * HOUR_US, 0, deps["kind"])
    decisive_count = 1 + rng.choice(5, n, p=[0.02, 0.08, 0.2, 0.3, 0.4])  # 1-5 signals, ~4 on average
    count = np.where(kind == 0, 0, np.where(kind == 1, rng.integers(1, 4, n), decisive_count))
    trailing = np.where((kind >= 2) & (count > 1) & (rng.random(n) < 0.25), 1, 0)
    dep = np.repeat(np.arange(n), count)
    pos = np.arange(len(dep)) - np.repeat(np.cumsum(count) - count, count)
    deciding = pos == (count - 1 - trailing)[dep]
    stype = np.where(pos > (count - 1 - trailing)[dep], 3, rng.choice(4, len(dep), p=EARLIER_P))
    stype = np.where(deciding, KIND_SIGNAL[kind[dep]], stype)
    offsets = np.sort(rng.uniform(0.02, 1.0, len(dep)) + dep * 2.0) - dep * 2.0  # sorted within each deployment
    observed = np.minimum(deps["deployed_at"][dep] + (offsets * span[dep]).astype(np.int64) + pos, ctx.as_of_us)
    value = np.select(
        [stype == 0, stype == 1, stype == 2],
        [rng.uniform(0.05, 0.5, len(dep)), -rng.uniform(0.05, 0.5, len(dep)), rng.uniform(-0.04, 0.04, len(dep))],
        np.nan,
    )
    return {"deployment": dep, "type": stype, "observed": observed, "value": value, "kind": kind}


def signals(ctx: Context, sig: dict, out: dict) -> Table:
    dep, n = sig["deployment"], len(sig["deployment"])
    data = fmt.rows(
        [
            ctx.ids("outcome_signals", n),
            fmt.take(ctx.extras["widget_ids"], out["dep_widget"][dep]),
            out["dep_ids"][dep],
            fmt.pick(SIGNAL_TYPES, sig["type"]),
            [fmt.NULL if v != v else b"%.3f" % v for v in sig["value"].tolist()],
            fmt.timestamps(sig["observed"]),
        ]
    )
    cols = ("id", "widget_id", "deployment_id", "signal_type", "value", "observed_at")
    return Table("public.outcome_signals", cols, single_chunk(data, n), n)


def evaluations(ctx: Context, deps: dict, out: dict, kind: np.ndarray) -> Table:
    rng = ctx.rng("evaluation_rows")
    when = deps["deployed_at"] + (rng.uniform(7, 30, len(kind)) * DAY_US).astype(np.int64)
    who = np.nonzero(when <= ctx.as_of_us)[0]
    n = len(who)
    cum = np.cumsum(SCORE_P, axis=1)[kind[who]]
    score = (rng.random(n)[:, None] * cum[:, -1:] > cum).sum(axis=1) + 1
    data = fmt.rows(
        [
            ctx.ids("change_evaluations", n),
            out["dep_ids"][who],
            out["decision_ids"][out["decision_of"][deps["candidate"][who]]],
            fmt.ints(score),
            fmt.pick(RATIONALE, kind[who]),
            ctx.users(rng, n),
            fmt.timestamps(when[who]),
        ]
    )
    cols = ("id", "deployment_id", "decision_id", "score", "rationale", "evaluated_by", "evaluated_at")
    return Table("public.change_evaluations", cols, single_chunk(data, n), n)
