"""Interval estimates of the learning layer (SPEC §7), in plain Python.

The production path computes these in SQL, set-based, beside each asset
(`create_computed_correlations.sql`, `create_pattern_records.sql`); these
functions are the reference implementation the tests compare that SQL with,
and what any Python code that needs the same numbers should call.
"""

from __future__ import annotations

import math

Z_95 = 1.96  # two-sided 95% normal quantile, as fixed by SPEC §7
RATE_SMOOTHING = 0.5  # added to every count of the friction rate ratio (SPEC §7.1)


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float] | tuple[None, None]:
    """Wilson score interval of a binomial proportion; (None, None) when n is 0.

    (s + z²/2 ± z·√(s(n−s)/n + z²/4)) / (n + z²), the same as
    statsmodels' proportion_confint(method="wilson"); exactly 0 at s = 0 and
    exactly 1 at s = n (the formula's value there, without rounding noise).
    """
    if n < 0 or not 0 <= successes <= n:
        raise ValueError(f"need 0 <= successes <= n, got successes={successes}, n={n}")
    if n == 0:
        return None, None
    z2 = z * z
    center = successes + z2 / 2
    half = z * math.sqrt(successes * (n - successes) / n + z2 / 4)
    low = 0.0 if successes == 0 else (center - half) / (n + z2)
    high = 1.0 if successes == n else (center + half) / (n + z2)
    return low, high


def rate_ratio_interval(
    pre_annotations: int, pre_events: int, post_annotations: int, post_events: int, z: float = Z_95
) -> tuple[float, float, float]:
    """Smoothed friction rate ratio post/pre and its log-normal CI: (ratio, low, high).

    RR = ((post_ann + ½)/(post_events + ½)) / ((pre_ann + ½)/(pre_events + ½)),
    CI = exp(ln RR ± z·√(1/(post_ann + ½) + 1/(pre_ann + ½))).
    """
    k = RATE_SMOOTHING
    ratio = ((post_annotations + k) / (post_events + k)) / ((pre_annotations + k) / (pre_events + k))
    spread = z * math.sqrt(1 / (post_annotations + k) + 1 / (pre_annotations + k))
    return ratio, math.exp(math.log(ratio) - spread), math.exp(math.log(ratio) + spread)


def measured_effect(window_days: float, pre_annotations: int, post_annotations: int, ci_low: float, ci_high: float) -> str:
    """`insufficient` / `reduced` / `increased` / `unchanged` (SPEC §7.1)."""
    if window_days < 7 or pre_annotations + post_annotations < 5:
        return "insufficient"
    if ci_high < 1:
        return "reduced"
    if ci_low > 1:
        return "increased"
    return "unchanged"


def tier(ci_low: float | None, ci_high: float | None, pooled_rate: float | None) -> str:
    """Pattern tier against its domain's pooled success rate (SPEC §7.2)."""
    if ci_low is None or ci_high is None or pooled_rate is None:
        return "typical"
    if ci_low > pooled_rate:
        return "outperforming"
    if ci_high < pooled_rate:
        return "underperforming"
    return "typical"
