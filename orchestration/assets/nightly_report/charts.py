"""Plotly figures for the report panels: each takes a panel's frame and returns its figures."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

TIER_COLOURS = {"outperforming": "#1a9850", "typical": "#7f7f7f", "underperforming": "#d73027"}
EFFECT_COLOURS = {"reduced": "#1a9850", "unchanged": "#4575b4", "increased": "#d73027", "insufficient": "#bdbdbd"}
SEVERITY_COLOURS = {"critical": "#d73027", "warning": "#fc8d59", "info": "#4575b4"}
# Looked up once: a template named by string is found and copied again for every figure.
TEMPLATE = pio.templates["plotly_white"]


def _layout(figure: go.Figure, title: str, **axes) -> go.Figure:
    figure.update_layout(
        title=title, template=TEMPLATE, height=380, margin={"l": 60, "r": 20, "t": 50, "b": 60},
        legend={"orientation": "h", "y": -0.2}, **axes,
    )
    return figure


def _interval_points(frame: pd.DataFrame, x: str, y: str, low: str, high: str, colour_by: str, colours: dict) -> list:
    """One scatter trace per colour group, with asymmetric error bars from low/high."""
    traces = []
    for group, rows in frame.groupby(colour_by, sort=True, dropna=False):
        traces.append(go.Scatter(
            x=rows[x], y=rows[y], mode="markers", name=str(group),
            marker={"color": colours.get(group, "#4575b4"), "size": 9},
            error_y={"type": "data", "symmetric": False, "array": rows[high] - rows[y], "arrayminus": rows[y] - rows[low]},
        ))
    return traces


def rate_ratios_by_category(frame: pd.DataFrame) -> list[go.Figure]:
    """Each deployment's post/pre friction rate ratio with its 95% interval, grouped by category."""
    figure = go.Figure(_interval_points(frame, "candidate_category", "friction_rate_ratio", "rate_ratio_ci_low",
                                        "rate_ratio_ci_high", "measured_effect", EFFECT_COLOURS))
    figure.add_hline(y=1, line_dash="dash", line_color="#444")
    figure.update_traces(marker={"opacity": 0.8})
    return [_layout(figure, "Friction rate ratio (post / pre) with 95% interval",
                    yaxis={"type": "log", "title": "rate ratio (log)"}, xaxis={"title": "candidate category"})]


def correlation_outcomes(frame: pd.DataFrame) -> list[go.Figure]:
    """Per category: correlations by type, and the geometric-mean rate ratio of its deployments."""
    outcomes = go.Figure([
        go.Bar(x=frame["annotation_category"], y=frame[f"{kind}_count"], name=kind, marker_color=colour)
        for kind, colour in (("positive", "#1a9850"), ("negative", "#d73027"), ("neutral", "#7f7f7f"),
                             ("inconclusive", "#bdbdbd"))
    ])
    ratios = go.Figure(go.Scatter(x=frame["annotation_category"], y=frame["geomean_rate_ratio"], mode="markers",
                                  marker={"size": 12, "color": "#4575b4"}, name="geometric mean rate ratio"))
    ratios.add_hline(y=1, line_dash="dash", line_color="#444")
    return [
        _layout(outcomes, "Correlations by category and type", barmode="stack", yaxis={"title": "correlations"}),
        _layout(ratios, "Geometric-mean friction rate ratio (post / pre)", yaxis={"type": "log", "title": "rate ratio (log)"}),
    ]


def tier_counts(frame: pd.DataFrame) -> list[go.Figure]:
    figure = go.Figure([
        go.Bar(x=rows["domain"], y=rows["pattern_count"], name=tier, marker_color=TIER_COLOURS.get(tier))
        for tier, rows in frame.groupby("tier", sort=False)
    ])
    return [_layout(figure, "Patterns per tier in each domain's latest run", barmode="stack",
                    yaxis={"title": "patterns"})]


def hub_outcomes(frame: pd.DataFrame) -> list[go.Figure]:
    kinds = ("improved", "regressed", "neutral", "inconclusive")
    row = frame.iloc[0]
    figure = go.Figure(go.Bar(x=list(kinds), y=[row[f"{kind}_deployments"] for kind in kinds], name="deployments",
                              marker_color=["#1a9850", "#d73027", "#7f7f7f", "#bdbdbd"]))
    return [_layout(figure, "Deployment outcomes", yaxis={"title": "deployments"})]


def pattern_tiers(frame: pd.DataFrame) -> list[go.Figure]:
    """Per domain: each pattern's success rate with its Wilson interval, coloured by tier."""
    figures = []
    for domain, rows in frame[frame["success_rate"].notna()].groupby("domain", sort=True):
        figure = go.Figure(_interval_points(rows, "pattern_key", "success_rate", "success_ci_low",
                                            "success_ci_high", "tier", TIER_COLOURS))
        figure.add_hline(y=rows["pooled_success_rate"].iloc[0], line_dash="dash", line_color="#444",
                         annotation_text="pooled rate")
        figures.append(_layout(figure, f"{domain}: success rate with Wilson 95% interval",
                               yaxis={"range": [0, 1], "title": "success rate"}, xaxis={"title": "pattern"}))
    return figures


def threshold_history(frame: pd.DataFrame) -> list[go.Figure]:
    figure = go.Figure()
    for scope, rows in frame.groupby("scope_label", sort=False):
        figure.add_trace(go.Scatter(x=rows["calibration_as_of"], y=rows["threshold"], mode="lines+markers", name=scope,
                                    text=rows["status"], hovertemplate="%{x}<br>threshold %{y}<br>%{text}"))
    return [_layout(figure, "Friction threshold per scope over time", yaxis={"title": "threshold"},
                    xaxis={"type": "date", "tickformat": "%Y-%m-%d"})]


def insight_counts(frame: pd.DataFrame) -> list[go.Figure]:
    counts = frame.groupby(["insight_type", "severity"]).size().reset_index(name="insights")
    figure = go.Figure([
        go.Bar(x=rows["insight_type"], y=rows["insights"], name=severity, marker_color=SEVERITY_COLOURS.get(severity))
        for severity, rows in counts.groupby("severity", sort=True)
    ])
    return [_layout(figure, "Open insights by type and severity", barmode="stack", yaxis={"title": "open insights"})]


def recurrence(frame: pd.DataFrame) -> list[go.Figure]:
    top = frame[frame["cycle_count"] > 0].head(15)
    other = top["cycle_count"] - top["improved_cycles"] - top["regressed_cycles"]
    labels = top["widget_name"] + " (" + top["hub_slug"] + ")"
    figure = go.Figure([
        go.Bar(x=labels, y=top["improved_cycles"], name="improved", marker_color="#1a9850"),
        go.Bar(x=labels, y=top["regressed_cycles"], name="regressed", marker_color="#d73027"),
        go.Bar(x=labels, y=other, name="other / no outcome", marker_color="#bdbdbd"),
    ])
    return [_layout(figure, "Deployment cycles per widget (top 15)", barmode="stack", yaxis={"title": "cycles"})]


def friction_scores(frame: pd.DataFrame) -> list[go.Figure]:
    top = frame.head(20)
    figure = go.Figure([
        go.Bar(x=top["widget_name"], y=top["friction_score"], name="friction score",
               marker_color=["#d73027" if flagged else "#4575b4" for flagged in top["flagged"]]),
        go.Scatter(x=top["widget_name"], y=top["threshold"], mode="markers", name="threshold",
                   marker={"symbol": "line-ew-open", "size": 24, "color": "#000"}),
    ])
    return [_layout(figure, "Friction score against threshold (top 20, flagged in red)")]


def evaluation_scores(frame: pd.DataFrame) -> list[go.Figure]:
    counts = frame["evaluation_score"].value_counts().reindex([1, 2, 3, 4, 5], fill_value=0)
    figure = go.Figure(go.Bar(x=counts.index, y=counts.values, marker_color="#4575b4", name="evaluations"))
    return [_layout(figure, "Change-evaluation scores", xaxis={"title": "score (1-5)", "dtick": 1},
                    yaxis={"title": "deployments"})]


def program_progress(frame: pd.DataFrame) -> list[go.Figure]:
    figure = go.Figure(go.Bar(x=frame["progress_percentage"], y=frame["program_name"], orientation="h",
                              marker_color="#4575b4", name="progress"))
    return [_layout(figure, "Program progress (%)", xaxis={"range": [0, 100], "title": "progress %"})]


def qa_health(frame: pd.DataFrame) -> list[go.Figure]:
    counts = frame["qa_health_status"].value_counts()
    figure = go.Figure(go.Bar(x=counts.index, y=counts.values, marker_color="#4575b4", name="tasks"))
    return [_layout(figure, "Tasks by QA health", yaxis={"title": "tasks"})]


def qa_trend(frame: pd.DataFrame) -> list[go.Figure]:
    figure = go.Figure([
        go.Scatter(x=frame["week_start"], y=frame["test_pass_rate"], mode="lines+markers", name="test pass rate"),
        go.Scatter(x=frame["week_start"], y=frame["green_execution_rate"], mode="lines+markers", name="GREEN executions"),
    ])
    return [_layout(figure, "Weekly QA pass rate", yaxis={"range": [0, 1], "title": "rate"})]


def heartbeat_silence(frame: pd.DataFrame) -> list[go.Figure]:
    figure = go.Figure(go.Bar(
        x=frame["builder_id"], y=frame["minutes_since_last_heartbeat"], name="minutes since heartbeat",
        marker_color=["#d73027" if stalled else "#4575b4" for stalled in frame["is_stalled"]],
    ))
    figure.add_hline(y=float(frame["stall_minutes"].iloc[0]), line_dash="dash", annotation_text="stall threshold")
    return [_layout(figure, "Minutes since last heartbeat (stalled in red)", yaxis={"title": "minutes"})]


def builder_rates(frame: pd.DataFrame) -> list[go.Figure]:
    figure = go.Figure([
        go.Bar(x=frame["builder_id"], y=frame["success_rate"], name="task success rate", marker_color="#1a9850"),
        go.Bar(x=frame["builder_id"], y=frame["qa_pass_rate"], name="QA pass rate", marker_color="#4575b4"),
    ])
    return [_layout(figure, "Builder success and QA pass rates", barmode="group", yaxis={"range": [0, 1]})]
