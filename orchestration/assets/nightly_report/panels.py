"""What each report page shows: panels, the mart each reads and how it is plotted.

A panel's table shows exactly the columns its query selects, in that order. A panel
lists its sources best first; the first whose mart exists is read, and a panel with
none says "not available" (a mart another change has not built yet).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from orchestration.assets.nightly_report import charts

Chart = Callable[[pd.DataFrame], list[go.Figure]]


@dataclass(frozen=True)
class Source:
    mart: str
    query: str  # a .sql file beside this module; may use %(hub_id)s (null outside hub pages)
    chart: Chart | None = None
    span_column: str | None = None  # the timestamp column whose min/max is the panel's time span


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    description: str
    sources: tuple[Source, ...]
    max_rows: int = 100


CORRELATIONS_BY_CATEGORY = Panel(
    "correlations_by_category", "Correlations by category",
    "Per annotation category: how the changes its annotations led to turned out (correlation types), and the "
    "geometric mean of their friction rate ratios (< 1: less friction after the changes).",
    (Source("learning_dashboard_correlations_by_category", "select_correlations_by_category.sql",
            charts.correlation_outcomes, "correlations_as_of"),),
)
RATE_RATIOS = Panel(
    "rate_ratios", "Friction rate ratios by category, with intervals",
    "Each deployment: friction on its widget after against before (rate ratio < 1: less friction), with the 95% "
    "interval, grouped by the candidate's category.",
    (Source("deployment_impact", "select_deployment_correlations.sql", charts.rate_ratios_by_category, "deployed_at"),),
)
PATTERN_TIERS = Panel(
    "pattern_tiers", "Pattern tiers per domain",
    "Each domain's latest run: how many patterns are outperforming, typical or underperforming, and which.",
    (Source("learning_dashboard_pattern_tiers", "select_pattern_tier_counts.sql", charts.tier_counts, "window_end"),),
)
PATTERN_INTERVALS = Panel(
    "pattern_intervals", "Pattern success rates with Wilson intervals",
    "Each domain's latest run: success rate per pattern with its Wilson 95% interval against the domain's "
    "pooled rate; outperforming when the interval lies above it, underperforming when below.",
    (Source("pattern_performance", "select_pattern_tiers.sql", charts.pattern_tiers, "window_end"),),
)
THRESHOLD_HISTORY = Panel(
    "threshold_history", "Threshold history",
    "Every friction-threshold calibration per scope (global and per hub), with its quality and the row in force.",
    (Source("learning_dashboard_threshold_history", "select_threshold_history.sql", charts.threshold_history,
            "calibration_as_of"),),
)
OPEN_INSIGHTS = Panel(
    "open_insights", "Open insights",
    "Learning insights open at as_of, most severe first.",
    (Source("learning_dashboard_open_insights", "select_open_insights.sql", charts.insight_counts,
            "first_detected_at"),),
)
RECURRENCE = Panel(
    "recurrence_leaderboard", "Recurrence leaderboard",
    "Widgets that keep coming back through the loop: distinct deployments reached from candidates on the widget.",
    (Source("recurrence_leaderboard", "select_recurrence_leaderboard.sql", charts.recurrence, "last_deployed_at"),),
    max_rows=50,
)

LEARNING_PANELS = (CORRELATIONS_BY_CATEGORY, RATE_RATIOS, PATTERN_TIERS, PATTERN_INTERVALS, THRESHOLD_HISTORY,
                   OPEN_INSIGHTS, RECURRENCE)

HUB_PANELS = (
    Panel("summary", "Summary",
          "The hub at as_of: friction now, what its deployments achieved, recurrence and open insights.",
          (Source("antifragility_by_hub", "select_hub_summary.sql", charts.hub_outcomes),)),
    Panel("pre_post", "Pre/post comparison",
          "The hub's deployments: friction after against before (rate ratio with 95% interval).",
          (Source("deployment_impact", "select_deployment_correlations.sql", charts.rate_ratios_by_category,
                  "deployed_at"),)),
    Panel("regressions", "Regressions",
          "Deployments whose outcome is regressed, or that improved and were then hit by high/critical friction.",
          (Source("deployment_impact", "select_hub_regressions.sql", None, "deployed_at"),)),
    Panel("change_evaluations", "Change evaluations", "Deployments with a change-evaluation score (1-5).",
          (Source("deployment_impact", "select_hub_change_evaluations.sql", charts.evaluation_scores, "deployed_at"),)),
    Panel("recurrence", "Recurrence", "The hub's widgets by deployment cycles.",
          (Source("recurrence_leaderboard", "select_recurrence_leaderboard.sql", charts.recurrence,
                  "last_deployed_at"),), max_rows=50),
    Panel("friction", "Widget friction", "The hub's widgets by friction score against their effective threshold.",
          (Source("widget_friction", "select_hub_friction.sql", charts.friction_scores),), max_rows=50),
    Panel("open_insights", "Open insights", "The hub's learning insights open at as_of.",
          (Source("learning_dashboard_open_insights", "select_open_insights.sql", None, "first_detected_at"),)),
)

FOREMAN_PANELS = (
    Panel("program_progress", "Program progress", "Programs with their waves and tasks by state and open blockers.",
          (Source("program_progress", "select_program_progress.sql", charts.program_progress, "created_at"),)),
    Panel("qa_health", "QA health", "Tasks by the verdict of their latest QA execution, least healthy first.",
          (Source("qa_health", "select_qa_health.sql", charts.qa_health, "latest_executed_at"),)),
    Panel("qa_trend", "QA pass-rate trend", "Weekly test pass rate and share of GREEN executions.",
          (Source("qa_pass_rate_trend", "select_qa_pass_rate_trend.sql", charts.qa_trend, "week_start"),)),
    Panel("stalled_builders", "Stalled builders",
          "Builders by silence since their last heartbeat; an active builder with a task silent past the "
          "stall threshold is stalled.",
          (Source("builder_utilisation", "select_builder_utilisation.sql", charts.heartbeat_silence,
                  "last_heartbeat_at"),)),
    Panel("builder_performance", "Builder performance", "Task success and QA pass rates per builder over the year.",
          (Source("builder_performance", "select_builder_performance.sql", charts.builder_rates),)),
)

# Where the hub pages come from, best first (both have hub_id and hub_slug).
HUB_LIST_MARTS = ("antifragility_by_hub", "widget_friction")

# The marts every page reads: the report asset depends on those dbt has models for.
REPORT_MARTS = tuple(sorted({source.mart for panel in (*LEARNING_PANELS, *HUB_PANELS, *FOREMAN_PANELS)
                             for source in panel.sources} | set(HUB_LIST_MARTS)))
