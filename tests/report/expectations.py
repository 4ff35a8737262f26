"""What each report table must show, read straight from the marts, and the comparison with the HTML."""

from __future__ import annotations

import math
from datetime import date, datetime, timezone
from decimal import Decimal

from tests.report.html_tables import Page

# panel key → (query over the mart, rows shown at most, whether the order is part of the panel)
EXPECTED = {
    "learning": {
        "correlations_by_category": ("select * from analytics.learning_dashboard_correlations_by_category"
                                     " order by correlation_count desc, annotation_category", 100, True),
        "rate_ratios": ("select * from analytics.deployment_impact where friction_rate_ratio is not null"
                        " order by candidate_category, deployed_at, deployment_id", 100, True),
        "pattern_tiers": ("select * from analytics.learning_dashboard_pattern_tiers order by domain, tier_order",
                          100, True),
        "pattern_intervals": ("select * from analytics.pattern_performance where is_latest_run"
                              " order by domain, success_rate desc nulls last, pattern_key", 100, True),
        "threshold_history": ("select * from analytics.learning_dashboard_threshold_history"
                              " order by scope_label = 'global' desc, scope_label, calibration_as_of", 100, True),
        "open_insights": ("select * from analytics.learning_dashboard_open_insights"
                          " order by severity_rank, first_detected_at, insight_type, subject_key", 100, True),
        "recurrence_leaderboard": ("select * from analytics.recurrence_leaderboard order by leaderboard_position", 50, True),
    },
    "hub": {
        "summary": ("select * from analytics.antifragility_by_hub where hub_id::text = %(hub_id)s", 100, True),
        "pre_post": ("select * from analytics.deployment_impact where hub_id::text = %(hub_id)s"
                     " and friction_rate_ratio is not null order by candidate_category, deployed_at, deployment_id",
                     100, True),
        "regressions": ("select * from analytics.deployment_impact where hub_id::text = %(hub_id)s"
                        " and (deployment_outcome = 'regressed' or regression_detected)"
                        " order by deployed_at desc, deployment_id", 100, True),
        "change_evaluations": ("select * from analytics.deployment_impact where hub_id::text = %(hub_id)s"
                               " and evaluation_score is not null order by deployed_at desc, deployment_id", 100, True),
        "recurrence": ("select * from analytics.recurrence_leaderboard where hub_id::text = %(hub_id)s"
                       " order by leaderboard_position", 50, True),
        "friction": ("select * from analytics.widget_friction where hub_id::text = %(hub_id)s"
                     " order by friction_score desc, widget_name", 50, True),
        "open_insights": ("select * from analytics.learning_dashboard_open_insights where hub_id::text = %(hub_id)s"
                          " order by severity_rank, first_detected_at, insight_type, subject_key", 100, True),
    },
    "foreman": {
        "program_progress": ("select * from analytics.program_progress order by program_name", 100, True),
        "qa_health": ("select * from analytics.qa_health", 100, False),
        "qa_trend": ("select * from analytics.qa_pass_rate_trend order by week_start", 100, True),
        "stalled_builders": ("select * from analytics.builder_utilisation"
                             " order by is_stalled desc, minutes_since_last_heartbeat desc nulls last, builder_id",
                             100, True),
        "builder_performance": ("select * from analytics.builder_performance order by builder_id", 100, True),
    },
}


def canonical(value: object) -> str:
    """A mart value (or a data-value string) as one comparable string: numbers by their float value."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):  # jsonb array
        return ", ".join(str(item) for item in value)
    try:
        number = float(value) if isinstance(value, (int, float, Decimal, str)) else None
    except ValueError:
        return str(value)
    return str(value) if number is None or math.isnan(number) else repr(number)


def assert_text_shows(text: str, value: str) -> None:
    """The visible text agrees with the exact value: numbers to 4 decimals, instants to the minute."""
    if value == "":
        assert text == "–", text
    elif value in ("true", "false"):
        assert text == ("yes" if value == "true" else "no")
    elif value[:1].isdigit() and value[4:5] == "-" and "T" in value:
        assert text.startswith(f"{value[:10]} {value[11:16]}"), (text, value)
    else:
        try:
            assert abs(float(text) - float(value)) <= 5e-5 * max(1.0, abs(float(value))), (text, value)
        except ValueError:
            assert text == value, (text, value)


def assert_page_matches_marts(conn, kind: str, page: Page, hub_id: str | None) -> int:
    """Every panel of the page shows the rows its mart holds; returns the number of cells compared."""
    compared = 0
    for panel, (query, limit, ordered) in EXPECTED[kind].items():
        cursor = conn.execute(query, {"hub_id": hub_id})
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, row)) for row in cursor.fetchall()]
        if not rows:
            assert page.statuses[panel] == "empty", (kind, panel)
            continue
        assert page.statuses[panel] == "ok", (kind, panel)
        table = page.tables[panel]
        assert table.total_rows == len(rows) and len(table.values) == min(limit, len(rows)), (kind, panel)
        assert set(table.columns) <= set(names), (panel, set(table.columns) - set(names))
        expected = [[canonical(row[column]) for column in table.columns] for row in rows]
        shown = [[canonical(value) for value in row] for row in table.values]
        if ordered:
            assert shown == expected[: len(shown)], (kind, panel)
        else:
            assert sorted(shown) == sorted(expected), (kind, panel)
        for text_row, value_row in zip(table.texts, table.values):
            for text, value in zip(text_row, value_row):
                assert_text_shows(text, value)
        compared += len(shown) * len(table.columns)
    return compared


def learning_asset_keys(defs) -> list:
    """The registered learning assets of the nightly job: everything but dbt and the report itself."""
    from orchestration.assets.dbt_marts import ihf_dbt_models
    from orchestration.assets.nightly_report.assets import learning_report
    from orchestration.jobs import NIGHTLY_EXCLUDED_GROUPS

    return [
        node.key for node in defs.resolve_asset_graph().asset_nodes
        if node.is_materializable and node.group_name not in NIGHTLY_EXCLUDED_GROUPS
        and node.key not in ihf_dbt_models.keys and node.key != learning_report.key
    ]
