"""Asset `learning_report`: the HTML learning report written after the marts it reads."""

from pathlib import Path

from dagster import AssetExecutionContext, Config, Definitions, MaterializeResult, MetadataValue, asset
from pydantic import Field

from orchestration.assets.dbt_marts import ihf_dbt_models
from orchestration.assets.nightly_report.panels import REPORT_MARTS
from orchestration.assets.nightly_report.report import default_out_dir, render_report
from orchestration.lib.as_of import iso
from orchestration.resources import LearningSettings, PostgresResource

# Only marts dbt has models for: a mart still missing from the project leaves its panel
# "not available" instead of breaking the definitions.
MART_KEYS = sorted((key for key in ihf_dbt_models.keys if key.path[-1] in REPORT_MARTS), key=lambda key: key.path)


class LearningReportConfig(Config):
    out_dir: str = Field(
        default="", description="Directory to write; empty = $IHF_HOME/reports/<as_of date>/ (default .ihf/reports/…)"
    )


@asset(
    group_name="nightly_report",
    deps=MART_KEYS,
    description=(
        "The learning report: static, self-contained HTML with plots - the learning dashboard (index.html), "
        "one antifragility page per hub and a Foreman page - read from the dbt marts."
    ),
)
def learning_report(
    context: AssetExecutionContext, config: LearningReportConfig, postgres: PostgresResource, learning: LearningSettings
) -> MaterializeResult:
    as_of = learning.as_of_instant(context)
    out_dir = Path(config.out_dir) if config.out_dir else default_out_dir(as_of)
    report = render_report(postgres.resolved_url(), as_of, out_dir)
    return MaterializeResult(
        metadata={
            "as_of": iso(as_of),
            "path": MetadataValue.path(str(report.index_path.resolve())),
            "pages": len(report.pages),
            **{f"rows/{panel}": rows for panel, rows in report.row_counts.items()},
        }
    )


defs = Definitions(assets=[learning_report])
