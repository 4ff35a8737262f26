"""The friction-threshold calibration of SPEC §7.3/§10, on generated arrays.

Used at generation time to record the F1-optimal threshold that the data
actually supports (`ihf.friction.calibration` in the planted truth), and by
tests. Snapshots t_k = as_of − W − 7k (k = 0..25) over widgets created ≤ t_k;
score = Σ severity weight of annotations created in (t_k − W, t_k] and not
retracted at t_k; label = a candidate created, or a `regressed` signal
observed, on the widget in (t_k, t_k + W]; τ among the distinct positive
scores maximising F1 of (score ≥ τ), ties → the smaller τ.
"""

from __future__ import annotations

import numpy as np

from orchestration.synthetic.rowfmt import DAY_US

SNAPSHOTS = 26


def snapshot_scores(
    widget_created_us,
    ann_widget,
    ann_time,
    ann_weight,
    ann_retracted,
    pos_widget,
    pos_time,
    as_of_us: int,
    window_days: int = 30,
) -> tuple[np.ndarray, np.ndarray]:
    """(scores, labels) over all (snapshot, existing widget) pairs."""
    n_w = len(widget_created_us)
    window = window_days * DAY_US
    scores, labels = [], []
    for k in range(SNAPSHOTS):
        t = as_of_us - window - 7 * k * DAY_US
        alive = widget_created_us <= t
        live = (ann_time > t - window) & (ann_time <= t) & ~((ann_retracted >= 0) & (ann_retracted <= t))
        score = np.bincount(ann_widget[live], weights=ann_weight[live], minlength=n_w)
        label = np.zeros(n_w, bool)
        label[pos_widget[(pos_time > t) & (pos_time <= t + window)]] = True
        scores.append(score[alive])
        labels.append(label[alive])
    return np.concatenate(scores), np.concatenate(labels)


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """F1-optimal τ among distinct positive scores (ties → smaller τ)."""
    candidates = np.unique(scores[scores > 0])
    positives = int(labels.sum())
    result = {"snapshots": int(len(scores)), "positives": positives}
    if len(candidates) == 0 or positives == 0:
        return {**result, "threshold": None, "f1": None, "precision": None, "recall": None}
    # flagged(τ) = scores ≥ τ: count via sorted scores
    pos_sorted = np.sort(scores[labels])
    all_sorted = np.sort(scores)
    tp = len(pos_sorted) - np.searchsorted(pos_sorted, candidates, side="left")
    flagged = len(all_sorted) - np.searchsorted(all_sorted, candidates, side="left")
    fp, fn = flagged - tp, positives - tp
    f1 = 2 * tp / (2 * tp + fp + fn)
    best = int(np.flatnonzero(f1 == f1.max())[0])  # candidates ascend: first max = smaller τ
    return {
        **result,
        "threshold": float(candidates[best]),
        "f1": round(float(f1[best]), 6),
        "precision": round(float(tp[best] / flagged[best]), 6),
        "recall": round(float(tp[best] / positives), 6),
    }


def f1_curve(scores: np.ndarray, labels: np.ndarray, taus) -> list[tuple[float, float, float]]:
    """(τ, F1, P(label | score == τ)) for inspection while tuning."""
    out = []
    for tau in taus:
        flag = scores >= tau
        tp, fp, fn = (flag & labels).sum(), (flag & ~labels).sum(), (~flag & labels).sum()
        at = scores == tau
        out.append((tau, 2 * tp / max(2 * tp + fp + fn, 1), labels[at].mean() if at.any() else float("nan")))
    return out
