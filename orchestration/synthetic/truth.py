"""Planted truth: the effects the synthetic history is generated from.

The learning pipeline must recover these from the data alone. They are
written twice by `load_synthetic_history`: to the table
`synthetic.planted_truth (key text primary key, value jsonb)` in the seeded
database, and to a JSON file `planted_truth_<scale>_<seed>.json` under the
`.ihf/` directory (`IHF_HOME`), whose path the loader returns. The file is one
JSON object whose members are exactly the table's rows (key → value):

    "meta"                      {"scale", "seed", "as_of", "history_start", "history_days", "generator"}
    "ihf.patterns"              {"ihf:<category>/<widget_type>": {"category", "widget_type",
                                 "p_improved", "p_regressed", "p_neutral"}}   # P(· | decisive outcome)
    "ihf.categories"            {<category>: P(improved | decisive) on a widget type without penalty}
    "ihf.widget_types"          {<widget_type>: {"improved_penalty", "p_regressed"}}
    "ihf.outcome_mix"           {"inconclusive_only_share", "no_signal_share"}
    "ihf.friction"              {"threshold", "score_step", "window_days", "cooldown_days",
                                 "severity_weights", "category_weights",
                                 "calibration": {"threshold", "f1", "precision", "recall",
                                                 "snapshots", "positives"}}  # F1-optimal τ measured on the data
    "foreman.builders"          {<builder_id>: {"backend_type", "pattern_key", "p_success", "stalled"}}
    "foreman.stalled_builders"  [<builder_id>, ...]  # active, last heartbeat 20-90 min before as_of
    "scaffold.patterns"         {"scaffold:<pattern_id>": {"pattern_id", "pattern_name", "p_success"}}
    "corrections"               {"retracted_annotation_share", "retracted_event_share",
                                 "unknown_severity", "unknown_severity_share"}
    "row_counts"                {<schema.table>: rows}

Probabilities are the generating ones; realised shares differ by sampling
noise (tests compare with binomial bounds).
"""

from __future__ import annotations

import json
from pathlib import Path

from psycopg.types.json import Jsonb

CATEGORIES = ("friction", "bug", "confusion", "accessibility", "performance")
WIDGET_TYPES = ("button", "form", "table", "chart", "modal", "nav")
SEVERITIES = ("low", "medium", "high", "critical", "urgent")  # 'urgent' is the planted unknown
SEVERITY_WEIGHTS = {"low": 1, "medium": 2, "high": 4, "critical": 8}
UNKNOWN_SEVERITY_WEIGHT = 2  # the learning layer reads unknown severities as medium

# P(improved | decisive) per candidate category, before the widget-type penalty.
CATEGORY_IMPROVED = {"friction": 0.72, "bug": 0.80, "confusion": 0.58, "accessibility": 0.76, "performance": 0.48}
# Widget types that regress more: chart and modal.
TYPE_REGRESSED = {"button": 0.08, "form": 0.10, "table": 0.10, "chart": 0.28, "modal": 0.30, "nav": 0.08}
TYPE_IMPROVED_PENALTY = {"button": 0.0, "form": 0.0, "table": 0.0, "chart": 0.14, "modal": 0.16, "nav": 0.0}
INCONCLUSIVE_ONLY_SHARE = 0.10
NO_SIGNAL_SHARE = 0.02

FRICTION_THRESHOLD = 24  # T*: a widget whose friction score reaches it gets a candidate
SCORE_STEP = 1  # severity weights are integers, so scores move in steps of 1
WINDOW_DAYS = 30
COOLDOWN_DAYS = 30  # no new threshold candidate within this long after the last one

BUILDERS = ("ui-builder", "api-builder", "schema-builder", "integration-builder", "qa-builder")
BACKENDS = ("local", "hosted", "burst")
BUILDER_SUCCESS = (0.90, 0.62, 0.66, 0.70, 0.35)  # assigned to builders by a seeded permutation

SCAFFOLD_PATTERNS = (
    ("rest-api", "REST API service"),
    ("spa", "Single-page application"),
    ("cli-tool", "Command-line tool"),
    ("data-pipeline", "Data pipeline"),
    ("ml-service", "ML inference service"),
    ("static-site", "Static site"),
)
SCAFFOLD_SUCCESS = (0.92, 0.78, 0.72, 0.66, 0.58, 0.40)  # assigned by a seeded permutation

RETRACTED_ANNOTATION_SHARE = 0.02
RETRACTED_EVENT_SHARE = 0.005
UNKNOWN_SEVERITY_SHARE = 0.002


def pattern_probabilities(category: str, widget_type: str) -> tuple[float, float, float]:
    """(p_improved, p_regressed, p_neutral) given a decisive outcome."""
    improved = CATEGORY_IMPROVED[category] - TYPE_IMPROVED_PENALTY[widget_type]
    regressed = TYPE_REGRESSED[widget_type]
    return improved, regressed, round(1.0 - improved - regressed, 6)


def ihf_truth() -> dict[str, object]:
    patterns = {}
    for category in CATEGORIES:
        for widget_type in WIDGET_TYPES:
            improved, regressed, neutral = pattern_probabilities(category, widget_type)
            patterns[f"ihf:{category}/{widget_type}"] = {
                "category": category,
                "widget_type": widget_type,
                "p_improved": improved,
                "p_regressed": regressed,
                "p_neutral": neutral,
            }
    return {
        "ihf.patterns": patterns,
        "ihf.categories": dict(CATEGORY_IMPROVED),
        "ihf.widget_types": {
            t: {"improved_penalty": TYPE_IMPROVED_PENALTY[t], "p_regressed": TYPE_REGRESSED[t]} for t in WIDGET_TYPES
        },
        "ihf.outcome_mix": {"inconclusive_only_share": INCONCLUSIVE_ONLY_SHARE, "no_signal_share": NO_SIGNAL_SHARE},
        "corrections": {
            "retracted_annotation_share": RETRACTED_ANNOTATION_SHARE,
            "retracted_event_share": RETRACTED_EVENT_SHARE,
            "unknown_severity": "urgent",
            "unknown_severity_share": UNKNOWN_SEVERITY_SHARE,
        },
    }


def friction_truth(calibration: dict[str, float]) -> dict[str, object]:
    return {
        "ihf.friction": {
            "threshold": FRICTION_THRESHOLD,
            "score_step": SCORE_STEP,
            "window_days": WINDOW_DAYS,
            "cooldown_days": COOLDOWN_DAYS,
            "severity_weights": dict(SEVERITY_WEIGHTS),
            "category_weights": {c: 1.0 for c in CATEGORIES},
            "calibration": calibration,
        }
    }


TRUTH_DDL = (
    "create schema if not exists synthetic",
    "create table if not exists synthetic.planted_truth (key text primary key, value jsonb not null)",
)


def write_table(conn, truth: dict[str, object]) -> None:
    """Upsert every truth member as a row of synthetic.planted_truth."""
    for statement in TRUTH_DDL:
        conn.execute(statement)
    with conn.cursor() as cur:
        cur.executemany(
            "insert into synthetic.planted_truth (key, value) values (%s, %s)"
            " on conflict (key) do update set value = excluded.value",
            [(key, Jsonb(value)) for key, value in truth.items()],
        )


def write_json(truth: dict[str, object], directory: Path, scale: str, seed: int) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"planted_truth_{scale}_{seed}.json"
    path.write_text(json.dumps(truth, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
