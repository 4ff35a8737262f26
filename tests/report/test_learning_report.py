"""The learning report (SPEC §3 `ihf report`, §8): empty marts, the tiny synthetic history, Chromium, the CLI.

One database per module goes through both states so dbt parses once (its partial parse is keyed by the
database and the vars): marts built on empty tables first, then the tiny history, the registered
learning assets, the marts again and the `learning_report` asset. The HTML is read back with the
stdlib HTMLParser (tests/report/html_tables.py): each table cell carries the exact value in data-value.
"""

import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
from dagster import DagsterInstance, materialize
from psycopg.conninfo import conninfo_to_dict

from orchestration.assets.nightly_report.assets import MART_KEYS, learning_report
from orchestration.assets.nightly_report.report import write_report
from orchestration.resources import LearningSettings, PostgresResource
from tests.conftest import create_database, drop_database
from tests.dbt_runner import run_dbt
from tests.report import chromium
from tests.report.expectations import assert_page_matches_marts, learning_asset_keys
from tests.report.html_tables import read_page

AS_OF = datetime(2026, 6, 1, tzinfo=timezone.utc)
RESOURCES_CONFIG = {"as_of": "2026-06-01T00:00:00Z"}


def build_marts(url: str, target: Path) -> None:
    """Build the marts the report reads (and their parents); their data tests belong to their own suites."""
    result = run_dbt(url, target, "run", "--select", *(f"+{key.path[-1]}" for key in MART_KEYS), as_of=AS_OF)
    assert result.returncode == 0, result.stdout[-4000:]


def run_learning_assets(url: str) -> None:
    from orchestration.definitions import defs

    defs.resolve_job_def("nightly_learning_job").execute_in_process(
        run_config={"resources": {"postgres": {"config": {"url": url}}, "learning": {"config": RESOURCES_CONFIG}}},
        instance=DagsterInstance.ephemeral(), asset_selection=learning_asset_keys(defs),
    )


@pytest.fixture(scope="module")
def report_db(pg_admin_url, template_database, tmp_path_factory):
    from orchestration.synthetic import load_synthetic_history

    url = create_database(pg_admin_url, template=template_database)
    tmp = tmp_path_factory.mktemp("report")
    try:
        build_marts(url, tmp)
        empty = write_report(url, AS_OF, tmp / "empty").parent
        # a mart that is not built yet: its panel says so, the others still render
        partial_url = create_database(pg_admin_url, template=conninfo_to_dict(url)["dbname"])
        with psycopg.connect(partial_url, autocommit=True) as conn:
            conn.execute("drop table analytics.qa_health")
        partial = write_report(partial_url, AS_OF, tmp / "partial").parent
        drop_database(pg_admin_url, partial_url)

        load_synthetic_history(url, "tiny", 7, AS_OF, progress=False, truth_dir=tmp)
        run_learning_assets(url)
        build_marts(url, tmp)
        result = materialize(
            [learning_report], instance=DagsterInstance.ephemeral(),
            resources={"postgres": PostgresResource(url=url), "learning": LearningSettings(**RESOURCES_CONFIG)},
            run_config={"ops": {"learning_report": {"config": {"out_dir": str(tmp / "history")}}}},
        )
        [materialization] = result.asset_materializations_for_node("learning_report")
        yield SimpleNamespace(url=url, empty=empty, partial=partial, history=tmp / "history",
                              metadata=materialization.metadata)
    finally:
        drop_database(pg_admin_url, url)


def test_empty_marts_give_a_report_that_says_no_data_yet(report_db):
    for name in ("index.html", "foreman.html"):
        page = read_page(report_db.empty / name)
        assert "No data yet: the marts hold no rows" in page.text
        assert page.statuses and set(page.statuses.values()) == {"empty"}, page.statuses
        assert page.tables == {} and page.plot_divs == 0
    assert "data span no data yet" in read_page(report_db.empty / "index.html").text
    assert not list(report_db.empty.glob("hub-*.html"))  # no widgets, no hubs


def test_a_mart_not_built_yet_leaves_its_panel_not_available(report_db):
    page = read_page(report_db.partial / "foreman.html")
    assert page.statuses.pop("qa_health") == "unavailable"
    assert "Not available: its mart (qa_health) has not been built yet" in page.text
    assert set(page.statuses.values()) == {"empty"}


def test_report_shows_the_marts_numbers(report_db):
    pages = {path.name: read_page(path) for path in report_db.history.glob("*.html")}
    with psycopg.connect(report_db.url) as conn:
        hubs = conn.execute("select hub_id::text, hub_slug from analytics.antifragility_by_hub").fetchall()
        assert len(hubs) >= 2
        assert sorted(pages) == sorted(["index.html", "foreman.html", *(f"hub-{slug}.html" for _, slug in hubs)])
        shown = assert_page_matches_marts(conn, "learning", pages["index.html"], None)
        shown += assert_page_matches_marts(conn, "foreman", pages["foreman.html"], None)
        for hub_id, slug in hubs:
            shown += assert_page_matches_marts(conn, "hub", pages[f"hub-{slug}.html"], hub_id)
    assert shown > 100  # the tiny history fills most panels
    index = pages["index.html"]
    assert "as_of 2026-06-01 00:00 UTC" in index.text and "No data yet: the marts hold" not in index.text
    assert "built for as_of 2026-06-01 00:00 UTC" in index.text and "not the report's as_of" not in index.text


def test_asset_reports_path_and_panel_row_counts(report_db):
    metadata = report_db.metadata
    assert Path(metadata["path"].value) == (report_db.history / "index.html").resolve()
    with psycopg.connect(report_db.url) as conn:
        for panel, mart in (("learning/threshold_history", "learning_dashboard_threshold_history"),
                            ("learning/open_insights", "learning_dashboard_open_insights"),
                            ("learning/recurrence_leaderboard", "recurrence_leaderboard"),
                            ("foreman/program_progress", "program_progress")):
            [count] = conn.execute(f"select count(*) from analytics.{mart}").fetchone()
            assert metadata[f"rows/{panel}"].value == count > 0, panel


def test_every_panel_renders_in_headless_chromium(report_db, tmp_path):
    reason = chromium.ensure_installed()
    if reason:
        pytest.skip(reason)
    pages = ["index.html", "foreman.html", min(p.name for p in report_db.history.glob("hub-*.html"))]
    with chromium.browser(tmp_path / "profile") as browser:
        for name in pages:
            browser.open(report_db.history / name)
            expected = read_page(report_db.history / name).plot_divs
            rendered = browser.rendered_plots()
            assert len(rendered) == expected > 0, name
            assert all(svg_count > 0 for _, svg_count in rendered), (name, rendered)
            assert browser.console_errors() == [], name
            if name == "index.html":
                screenshot = browser.screenshot(tmp_path / "learning_report_index.png")
        print(f"screenshot of the learning dashboard: {screenshot}")
    assert screenshot.stat().st_size > 10_000


def run_ihf(*args: str, url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "IHF_DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "orchestration", *args], capture_output=True, text=True, check=False,
                          env=env, timeout=300)


def test_cli_without_marts_says_run_nightly_first(db_url, tmp_path):
    result = run_ihf("report", "--out", str(tmp_path / "out"), url=db_url)
    assert result.returncode == 2
    assert [line for line in result.stderr.splitlines() if line.strip()] == [
        "ihf: error: no marts yet; run `ihf nightly` first"]
    assert not (tmp_path / "out").exists()


def test_cli_writes_the_report_for_the_marts_as_of(report_db, tmp_path):
    from click.testing import CliRunner

    from orchestration.cli import ihf

    # in-process: a second interpreter would add seconds of imports to a path the test above already covers
    result = CliRunner().invoke(ihf, ["report", "--out", str(tmp_path / "out")], env={"IHF_DATABASE_URL": report_db.url})
    assert result.exit_code == 0, result.output
    index = Path(result.output.strip().splitlines()[-1])
    assert index == (tmp_path / "out" / "index.html").resolve() and index.exists()
    assert "as_of 2026-06-01 00:00 UTC" in read_page(index).text  # the as_of the marts were built for
