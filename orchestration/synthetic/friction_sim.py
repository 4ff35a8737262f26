"""Day-by-day simulation of annotations and threshold-driven candidates.

Every widget has a calm background of mostly low/medium annotations
(Poisson). A degradation (something breaks) opens with a burst of high and
critical reports that by itself lifts the friction score over the planted
threshold T*, and then keeps reports coming at a steady cadence of one
severity, so the score settles on a plateau 8-24 points above T*. The
plateau lasts until a shipped change fixes it (an `improved` deployment);
`regressed` deployments make it worse and open a new burst.

At the end of every day the friction score of SPEC §7.3 (Σ severity weight
over the last 30 days, retracted annotations excluded) is computed for all
widgets at once. A widget at or over T* without a candidate in the last 30
days gets a requirement candidate 1-5 days later; a small rate of noise
candidates below the threshold keeps calibration honest. The jumps up, the
flat plateaus and the re-triggering while friction persists make
`score >= T*` the F1-optimal predictor of "a candidate within 30 days".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orchestration.synthetic import truth
from orchestration.synthetic.lineage_plan import LineagePlanner
from orchestration.synthetic.rowfmt import DAY_US, MINUTE_US
from orchestration.synthetic.widget_model import WidgetModel

SEV_WEIGHT = np.array([1, 2, 4, 8, truth.UNKNOWN_SEVERITY_WEIGHT], np.int32)
CALM_MIX = np.cumsum([0.55, 0.37, 0.07, 0.01])
DEGRADE_P = 1 / 300  # degradations per widget-day
PLATEAU_OVER = (8, 24)  # plateau score above T*
PLATEAU_SEVERITY = (1, 2)  # a plateau's reports are medium or high
BURST_SIZE = 4  # 4 + Poisson(1) high/critical reports, topped up to reach T* + 2
NOISE_P = 0.0008  # noise candidates per eligible widget-day below the threshold
RELAX = float(np.exp(-1 / 400))  # unfixed degradations fade very slowly
RATE_AFTER = {2: 0.0, 3: 1.25, 4: 1.0, 1: 1.0, 0: 1.0}  # outcome kind → episode-rate multiplier


@dataclass
class SimResult:
    annotations: dict[str, np.ndarray]  # widget, time, category, severity, retracted_at
    candidates: dict[str, np.ndarray]  # widget, time, category, source, noise
    cand_window: dict[str, np.ndarray]  # owner (candidate), annotation: its 30-day window at trigger
    friction: np.ndarray  # (days, widgets) episode rate, for event generation


class _Sim:
    def __init__(self, rng, w: WidgetModel, start_us: int, as_of_us: int, days: int, planner: LineagePlanner):
        self.rng, self.w, self.start, self.as_of, self.days, self.planner = rng, w, start_us, as_of_us, days, planner
        n = self.n = len(w.hub)
        self.ann = Buffer(
            {"widget": "i4", "time": "i8", "category": "i1", "severity": "i1", "retracted_at": "i8", "weight": "i4"}
        )
        self.cand = Buffer({"widget": "i4", "time": "i8", "category": "i1", "source": "i8", "noise": "?"})
        self.win = Buffer({"owner": "i8", "annotation": "i8"})
        self.daily = np.zeros((days, n), np.int32)
        self.friction = np.zeros((days, n), np.float32)
        self.rate, self.phase = np.zeros(n), np.zeros(n)
        self.severity = np.ones(n, np.int8)
        self.score = np.zeros(n, np.int64)
        self.issue = _draw_category(rng, w.category_cum, np.arange(n))
        self.last_cand = np.full(n, np.iinfo(np.int64).min // 2, np.int64)
        self.day_start = np.zeros(days + 1, np.int64)
        self.effects: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {}

    def degrade(self, widgets: np.ndarray) -> None:
        rng, k = self.rng, len(widgets)
        self.severity[widgets] = rng.integers(PLATEAU_SEVERITY[0], PLATEAU_SEVERITY[1] + 1, k)
        plateau = truth.FRICTION_THRESHOLD + rng.uniform(*PLATEAU_OVER, k)
        per_day = plateau / (truth.WINDOW_DAYS * SEV_WEIGHT[self.severity[widgets]])
        self.rate[widgets] = np.maximum(self.rate[widgets], per_day)
        self.issue[widgets] = _draw_category(rng, self.w.category_cum, widgets)

    def burst(self, widgets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Burst reports (widget, severity) for the given widgets, each summing to ≥ T* + 2."""
        size = BURST_SIZE + self.rng.poisson(1.0, len(widgets))
        bw = np.repeat(widgets, size)
        sev = self.rng.integers(2, 4, len(bw)).astype(np.int8)  # high or critical
        short = np.maximum(
            truth.FRICTION_THRESHOLD
            + 2
            - np.bincount(np.repeat(np.arange(len(widgets)), size), weights=SEV_WEIGHT[sev], minlength=len(widgets)),
            0,
        )
        extra = np.ceil(short / 8).astype(int)
        return np.concatenate([bw, np.repeat(widgets, extra)]), np.concatenate([sev, np.full(extra.sum(), 3, np.int8)])

    def day(self, d: int) -> None:
        rng, w, n = self.rng, self.w, self.n
        alive = w.created_day < d
        burst_w = [np.nonzero(alive & (rng.random(n) < DEGRADE_P))[0]]
        self.degrade(burst_w[0])
        for idx, kind in self.effects.pop(d, []):
            self.rate[idx] *= np.array([RATE_AFTER[k] for k in range(5)])[kind]
            regressed = idx[kind == 3]
            self.degrade(regressed[self.rate[regressed] == 0])
            burst_w.append(regressed)
        self.phase += self.rate * rng.uniform(0.85, 1.15, n) * alive
        n_hot = np.floor(self.phase).astype(np.int64)
        self.phase -= n_hot
        n_calm = rng.poisson(w.base_rate * alive)
        bw, bsev = self.burst(np.concatenate(burst_w))
        hot_w = np.repeat(np.arange(n), n_hot)
        a_w = np.concatenate([np.repeat(np.arange(n), n_calm), hot_w, bw]).astype(np.int32)
        calm_sev = np.searchsorted(CALM_MIX, rng.random(n_calm.sum()) * CALM_MIX[-1])
        sev = np.concatenate([calm_sev, self.severity[hot_w], bsev]).astype(np.int8)
        m = len(a_w)
        sev[rng.random(m) < truth.UNKNOWN_SEVERITY_SHARE] = 4
        cat = np.where(rng.random(m) < 0.6, self.issue[a_w], _draw_category(rng, w.category_cum, a_w)).astype(np.int8)
        t = self.start + d * DAY_US + rng.integers(1, DAY_US, m)
        retracted = rng.random(m) < truth.RETRACTED_ANNOTATION_SHARE
        r_at = np.where(retracted, np.minimum(t + rng.integers(5 * MINUTE_US, 36 * 60 * MINUTE_US, m), self.as_of), -1)
        weight = np.where(retracted, 0, SEV_WEIGHT[sev]).astype(np.int32)
        self.day_start[d] = self.ann.n
        self.ann.append(widget=a_w, time=t, category=cat, severity=sev, retracted_at=r_at, weight=weight)
        self.daily[d] = np.bincount(a_w, weights=weight, minlength=n)
        self.score += self.daily[d] - (self.daily[d - truth.WINDOW_DAYS] if d >= truth.WINDOW_DAYS else 0)
        self.friction[d] = self.rate
        self.rate *= RELAX
        self.candidates(d, alive)

    def candidates(self, d: int, alive: np.ndarray) -> None:
        rng, end = self.rng, self.start + (d + 1) * DAY_US
        free = alive & (self.last_cand <= end - truth.COOLDOWN_DAYS * DAY_US)
        over = self.score >= truth.FRICTION_THRESHOLD
        trig = np.nonzero(free & over)[0]
        noise = np.nonzero(free & ~over & (rng.random(self.n) < NOISE_P))[0]
        new_w = np.concatenate([trig, noise])
        new_t = np.concatenate(
            [end + rng.integers(DAY_US, 5 * DAY_US + 1, len(trig)), end + rng.integers(MINUTE_US, DAY_US, len(noise))]
        )
        self.last_cand[new_w] = new_t
        keep = new_t <= self.as_of
        if not keep.any():
            return
        new_w, new_t, is_noise = new_w[keep], new_t[keep], (np.arange(len(keep)) >= len(trig))[keep]
        lo = self.day_start[max(0, d - truth.WINDOW_DAYS + 1)]
        cols = self.ann.cols
        in_win = lo + np.nonzero(np.isin(cols["widget"][lo : self.ann.n], new_w))[0]
        in_win = in_win[cols["weight"][in_win] > 0]
        source = pick_sources(
            cols["widget"][in_win], cols["weight"][in_win], cols["time"][in_win], in_win, new_w, self.n
        )
        category = np.where(
            source >= 0, cols["category"][np.maximum(source, 0)], _draw_category(rng, self.w.category_cum, new_w)
        ).astype(np.int8)
        first = self.cand.n
        self.cand.append(widget=new_w, time=new_t, category=category, source=source, noise=is_noise)
        order = np.argsort(new_w)
        self.win.append(owner=first + order[np.searchsorted(new_w[order], cols["widget"][in_win])], annotation=in_win)
        dep_cand, dep_time, dep_kind = self.planner.plan(
            np.arange(first, self.cand.n), new_t, category, self.w.widget_type[new_w]
        )
        dep_w = new_w[dep_cand - first]
        dep_day = (dep_time - self.start) // DAY_US + 1
        for day in np.unique(dep_day[dep_day < self.days]):
            sel = dep_day == day
            self.effects.setdefault(int(day), []).append((dep_w[sel], dep_kind[sel]))


def simulate(
    rng: np.random.Generator, w: WidgetModel, start_us: int, as_of_us: int, days: int, planner: LineagePlanner
) -> SimResult:
    sim = _Sim(rng, w, start_us, as_of_us, days, planner)
    for d in range(days):
        sim.day(d)
    annotations = sim.ann.done()
    del annotations["weight"]
    return SimResult(annotations, sim.cand.done(), sim.win.done(), sim.friction)


def _draw_category(rng: np.random.Generator, cum: np.ndarray, widget_idx: np.ndarray) -> np.ndarray:
    u = rng.random(len(widget_idx))
    return (u[:, None] > cum[widget_idx]).sum(axis=1).astype(np.int8)


class Buffer:
    """Growable numpy column buffers (amortised doubling)."""

    def __init__(self, names_dtypes: dict[str, str]):
        self.n, self.cap = 0, 1024
        self.cols = {k: np.empty(self.cap, d) for k, d in names_dtypes.items()}

    def append(self, **values: np.ndarray) -> None:
        m = len(next(iter(values.values())))
        while self.n + m > self.cap:
            self.cap *= 2
            for k, v in self.cols.items():
                grown = np.empty(self.cap, v.dtype)
                grown[: self.n] = v[: self.n]
                self.cols[k] = grown
        for k, v in values.items():
            self.cols[k][self.n : self.n + m] = v
        self.n += m

    def done(self) -> dict[str, np.ndarray]:
        return {k: v[: self.n].copy() for k, v in self.cols.items()}


def pick_sources(
    widget: np.ndarray, weight: np.ndarray, time: np.ndarray, index: np.ndarray, new_widgets: np.ndarray, n_widgets: int
) -> np.ndarray:
    """Per new candidate: index of the heaviest, then latest, window annotation of its widget (-1: none)."""
    best = np.full(n_widgets, -1, np.int64)
    if len(widget):
        order = np.lexsort((time, weight, widget))
        last_of = np.r_[widget[order][1:] != widget[order][:-1], True]
        best[widget[order][last_of]] = index[order][last_of]
    return best[new_widgets]
