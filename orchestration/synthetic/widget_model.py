"""The hidden per-widget parameters that drive the simulation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orchestration.synthetic import truth
from orchestration.synthetic.scales import Scale

CALM_RATE_MEAN = 0.03  # calm annotations per widget-day
# How likely each category is on each widget type (rows: WIDGET_TYPES, cols: CATEGORIES).
CATEGORY_TILT = np.array(
    [
        # friction bug confusion accessibility performance
        [3.0, 2.0, 1.0, 2.0, 0.5],  # button
        [3.0, 2.0, 2.5, 2.0, 0.5],  # form
        [2.0, 2.0, 1.0, 1.0, 2.5],  # table
        [1.5, 2.0, 2.0, 1.0, 3.0],  # chart
        [3.0, 2.0, 2.5, 1.5, 0.5],  # modal
        [2.5, 1.5, 2.5, 2.0, 0.5],  # nav
    ]
)
TYPE_SHARE = np.array([0.22, 0.18, 0.16, 0.14, 0.14, 0.16])


@dataclass
class WidgetModel:
    hub: np.ndarray  # int32 hub index
    widget_type: np.ndarray  # int8 index into truth.WIDGET_TYPES
    created_day: np.ndarray  # the history day in which the widget was created
    created_us: np.ndarray  # exact creation instant
    base_rate: np.ndarray  # calm annotations per day
    category_cum: np.ndarray  # (widgets, categories) cumulative category profile
    popularity: np.ndarray  # relative interaction-event rate


def draw_widgets(rng: np.random.Generator, scale: Scale, start_us: int, day_us: int) -> WidgetModel:
    n = scale.widgets
    hub_weights = rng.uniform(0.6, 1.4, scale.hubs)
    hub = rng.choice(scale.hubs, n, p=hub_weights / hub_weights.sum()).astype(np.int32)
    hub[: scale.hubs] = np.arange(scale.hubs)  # every hub has widgets
    widget_type = rng.choice(len(truth.WIDGET_TYPES), n, p=TYPE_SHARE).astype(np.int8)
    widget_type[: len(truth.WIDGET_TYPES)] = np.arange(len(truth.WIDGET_TYPES))  # every type exists
    late = rng.random(n) < 0.15
    created_day = np.where(late, rng.integers(30, 330, n), rng.integers(1, 20, n)).astype(np.int32)
    created_us = start_us + created_day.astype(np.int64) * day_us + rng.integers(1, day_us, n)
    base_rate = rng.gamma(1.3, CALM_RATE_MEAN / 1.3, n)
    profile = rng.gamma(CATEGORY_TILT[widget_type])
    category_cum = np.cumsum(profile / profile.sum(axis=1, keepdims=True), axis=1)
    category_cum[:, -1] = 1.0
    popularity = rng.lognormal(0.0, 0.6, n)
    return WidgetModel(
        hub, widget_type, created_day, created_us, base_rate, category_cum, popularity / popularity.mean()
    )
