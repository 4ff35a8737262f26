"""Assemble the whole synthetic history: every table in foreign-key order,
plus the planted truth it was generated from.

`build` runs the simulations (cheap numpy arrays) and returns *steps*:
callables that format their table(s) only when the loader reaches them, so
at most one table's COPY text is in memory at a time (events and
annotations are further split into chunks).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from orchestration.synthetic import (
    agent_history,
    annotation_history,
    calibration_check,
    catalog_history,
    contract_history,
    event_history,
    foreman_activity,
    foreman_history,
    foreman_plan,
    foreman_trail,
    friction_sim,
    lineage_history,
    outcome_history,
    scaffold_history,
    truth,
)
from orchestration.synthetic.context import Context
from orchestration.synthetic.copy_loader import Table
from orchestration.synthetic.lineage_plan import LineagePlanner

Step = Callable[[], list[Table]]


def _version_lookup(dep_widget: np.ndarray, dep_time: np.ndarray):
    """widget_version_at(widgets, times): 1 + deployments on the widget up to each time."""
    keys = np.sort((dep_widget.astype(np.int64) << 34) | (dep_time // 1_000_000))

    def widget_version_at(widgets: np.ndarray, times: np.ndarray) -> np.ndarray:
        w = widgets.astype(np.int64) << 34
        return 1 + np.searchsorted(keys, w | (times // 1_000_000), side="right") - np.searchsorted(keys, w)

    return widget_version_at


def build(ctx: Context) -> tuple[list[Step], dict[str, object]]:
    """Load steps in foreign-key order, and the planted truth."""
    catalog_history.prepare(ctx)
    model = ctx.extras["widgets"]
    planner = LineagePlanner(ctx.rng("lineage_plan"), ctx.as_of_us)
    sim = friction_sim.simulate(ctx.rng("friction_sim"), model, ctx.start_us, ctx.as_of_us, ctx.days, planner)
    plans, deps = planner.result()
    cand = sim.candidates
    names = catalog_history.widget_names(ctx)
    lineage_history.prepare(ctx, cand, plans)
    threads = annotation_history.assign_threads(ctx, sim)
    ctx.extras["thread_ids"] = threads.ids
    out = outcome_history.prepare(ctx, cand, plans, deps)
    sig = outcome_history.plan_signals(ctx, deps)
    versions = 1 + np.bincount(out["dep_widget"], minlength=len(model.hub))
    deployed = np.zeros(len(cand["widget"]), bool)
    deployed[deps["candidate"]] = True
    plan = foreman_plan.plan(ctx)
    fplan = foreman_history.prepare(ctx, plan)
    version_at = _version_lookup(out["dep_widget"], deps["deployed_at"])

    steps: list[Step] = [
        lambda: [catalog_history.users(ctx), catalog_history.hubs(ctx), *contract_history.contracts(ctx)],
        lambda: [catalog_history.widgets(ctx, versions)],
        lambda: [catalog_history.widget_versions(ctx, out["dep_widget"], deps["deployed_at"], out["dep_version"])],
        lambda: [event_history.events_table(ctx, sim.friction)],
        lambda: [annotation_history.threads_table(ctx, threads, names)],
        lambda: [annotation_history.annotations_table(ctx, sim, threads, version_at)],
        lambda: [lineage_history.candidates(ctx, cand, plans, threads, names)],
        lambda: [lineage_history.triage_states(ctx, cand, plans)],
        lambda: [lineage_history.reviewer_assignments(ctx, cand, plans)],
        lambda: [lineage_history.requirements(ctx, cand, plans, deployed, names)],
        lambda: outcome_history.decisions(ctx, cand, plans, out, names),
        lambda: [outcome_history.impl_refs(ctx, out)],
        lambda: [outcome_history.deployments(ctx, deps, out)],
        lambda: [outcome_history.signals(ctx, sig, out)],
        lambda: [outcome_history.evaluations(ctx, deps, out, sig["kind"])],
        lambda: agent_history.tables(ctx, cand, plans, out, threads.of_candidate),
        lambda: [
            foreman_history.programs(ctx, plan, fplan),
            foreman_history.waves(ctx, plan, fplan),
            foreman_history.tasks(ctx, plan, fplan),
            foreman_history.builders(ctx, plan, fplan),
        ],
        lambda: [
            foreman_activity.heartbeats(ctx, plan, fplan),
            foreman_trail.blockers(ctx, plan, fplan),
            foreman_trail.evidence_trail(ctx, plan, fplan),
            *foreman_activity.validations_and_violations(ctx, plan, fplan),
            foreman_activity.qa_executions(ctx, plan, fplan),
        ],
        lambda: scaffold_history.tables(ctx),
    ]
    regressed = sig["type"] == 1
    regressed_signals = (out["dep_widget"][sig["deployment"][regressed]], sig["observed"][regressed])
    planted = {
        **truth.ihf_truth(),
        **truth.friction_truth(calibrate(ctx, sim, regressed_signals)),
        **foreman_plan.builders_truth(plan),
        **scaffold_history.truth_entries(ctx),
    }
    return steps, planted


def calibrate(ctx: Context, sim: friction_sim.SimResult, regressed: tuple[np.ndarray, np.ndarray]) -> dict:
    """The F1-optimal threshold the generated data supports (SPEC §7.3 / §10 calibration)."""
    ann, cand = sim.annotations, sim.candidates
    weight = friction_sim.SEV_WEIGHT[ann["severity"]]
    scores, labels = calibration_check.snapshot_scores(
        ctx.extras["widgets"].created_us,
        ann["widget"],
        ann["time"],
        weight,
        ann["retracted_at"],
        np.concatenate([cand["widget"], regressed[0]]),
        np.concatenate([cand["time"], regressed[1]]),
        ctx.as_of_us,
        truth.WINDOW_DAYS,
    )
    return calibration_check.best_threshold(scores, labels)
