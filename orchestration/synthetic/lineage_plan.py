"""What happens to each requirement candidate, decided when it is created.

A candidate's fate and timeline (triage, acceptance, promotion to a
requirement, decision, implementation link, one or two deployments) and
each deployment's outcome are drawn as soon as the simulation creates the
candidate, because shipped changes feed back into the widget's friction.
Every stage is later than the previous one; a stage after `as_of` does not
happen (and neither does anything after it), so recent candidates are still
open or triaged.

Outcome kinds: 0 no signal, 1 only inconclusive signals, 2 improved,
3 regressed, 4 neutral (kinds 2-4 drawn from the planted pattern).
"""

from __future__ import annotations

import numpy as np

from orchestration.synthetic import truth
from orchestration.synthetic.rowfmt import DAY_US

FATES = ("promoted", "accepted", "rejected", "closed", "parked")
FATE_P = np.array([0.66, 0.08, 0.12, 0.08, 0.06])
REQUIREMENT_ONLY_SHARE = 0.17  # of promoted candidates' decisions: candidate_id left NULL
DEFERRED_SHARE = 0.07  # decisions that ship nothing
SECOND_DEPLOYMENT_SHARE = 0.2
STAGES = ("triaged", "accepted", "promoted", "terminal", "decided", "impl")


def outcome_table() -> np.ndarray:
    """(categories, widget types, 5) probabilities of outcome kinds 0..4."""
    table = np.zeros((len(truth.CATEGORIES), len(truth.WIDGET_TYPES), 5))
    decisive = 1 - truth.NO_SIGNAL_SHARE - truth.INCONCLUSIVE_ONLY_SHARE
    for i, category in enumerate(truth.CATEGORIES):
        for j, widget_type in enumerate(truth.WIDGET_TYPES):
            improved, regressed, neutral = truth.pattern_probabilities(category, widget_type)
            table[i, j] = [
                truth.NO_SIGNAL_SHARE,
                truth.INCONCLUSIVE_ONLY_SHARE,
                decisive * improved,
                decisive * regressed,
                decisive * neutral,
            ]
    return table


class LineagePlanner:
    def __init__(self, rng: np.random.Generator, as_of_us: int):
        self.rng, self.as_of_us = rng, as_of_us
        self.outcomes = np.cumsum(outcome_table(), axis=2)
        self.parts: list[dict[str, np.ndarray]] = []
        self.dep_parts: list[dict[str, np.ndarray]] = []

    def _after(self, base: np.ndarray, lo: float, hi: float, when: np.ndarray) -> np.ndarray:
        t = base + (self.rng.uniform(lo, hi, len(base)) * DAY_US).astype(np.int64)
        return np.where(when & (base >= 0) & (t <= self.as_of_us), t, -1)

    def plan(self, cand: np.ndarray, created: np.ndarray, category: np.ndarray, widget_type: np.ndarray):
        """Plan the given new candidates; returns (candidate, deployed_at, kind) of their deployments."""
        rng, n = self.rng, len(cand)
        fate = np.searchsorted(np.cumsum(FATE_P), rng.random(n) * FATE_P.sum()).astype(np.int8)
        yes = np.ones(n, bool)
        triaged = self._after(created, 0.1, 3.0, yes)
        accepted = self._after(triaged, 0.5, 5.0, fate <= 1)
        promoted = self._after(accepted, 0.2, 3.0, fate == 0)
        terminal = self._after(triaged, 0.3, 6.0, (fate == 2) | (fate == 3))
        decided = self._after(np.where(fate == 0, promoted, accepted), 0.5, 6.0, fate <= 1)
        approved = rng.random(n) >= DEFERRED_SHARE
        impl = self._after(decided, 0.1, 3.0, approved)
        mode = np.where(fate == 1, 2, np.where(rng.random(n) < REQUIREMENT_ONLY_SHARE, 1, 0)).astype(np.int8)
        dep1 = self._after(impl, 2.0, 21.0, yes)
        dep2 = self._after(dep1, 3.0, 18.0, rng.random(n) < SECOND_DEPLOYMENT_SHARE)
        self.parts.append(
            {
                "candidate": cand,
                "fate": fate,
                "triaged": triaged,
                "accepted": accepted,
                "promoted": promoted,
                "terminal": terminal,
                "decided": decided,
                "approved": approved,
                "impl": impl,
                "mode": mode,
            }
        )
        dep_cand = np.concatenate([cand[dep1 >= 0], cand[dep2 >= 0]])
        dep_time = np.concatenate([dep1[dep1 >= 0], dep2[dep2 >= 0]])
        seq = np.concatenate([np.ones((dep1 >= 0).sum(), np.int8), np.full((dep2 >= 0).sum(), 2, np.int8)])
        local = np.concatenate([np.nonzero(dep1 >= 0)[0], np.nonzero(dep2 >= 0)[0]])
        cum = self.outcomes[category[local], widget_type[local]]
        kind = (rng.random(len(local))[:, None] * cum[:, -1:] > cum).sum(axis=1).astype(np.int8)
        self.dep_parts.append({"candidate": dep_cand, "deployed_at": dep_time, "seq": seq, "kind": kind})
        return dep_cand, dep_time, kind

    def result(self) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """(per-candidate plan, per-deployment plan), both ordered by candidate then sequence."""
        plans = _concat(
            self.parts,
            {"candidate": "i8", "fate": "i1", "approved": "?", "mode": "i1", **{stage: "i8" for stage in STAGES}},
        )
        deps = _concat(self.dep_parts, {"candidate": "i8", "deployed_at": "i8", "seq": "i1", "kind": "i1"})
        order = np.lexsort((deps["seq"], deps["candidate"]))
        return plans, {k: v[order] for k, v in deps.items()}


def _concat(parts: list[dict[str, np.ndarray]], empty: dict[str, str]) -> dict[str, np.ndarray]:
    if not parts:
        return {k: np.empty(0, d) for k, d in empty.items()}
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
