"""`ihf knowledge search` (SPEC §3, §7.7): output shapes, and hostile or unusable
input gets results or one line - never a traceback, never a write.

Most cases call the CLI's `main()` in-process (same argument parsing and error
handling, without paying the interpreter start-up per case); two run it as a
real process: raw non-UTF-8 argv bytes and the JSON contract end to end."""

import json
import os
import subprocess
import sys

import psycopg
import pytest

from orchestration.cli import main
from tests.conftest import create_database, drop_database
from tests.knowledge_history import History, distil


@pytest.fixture(scope="module")
def search_db(pg_admin_url, template_database):
    """One distilled corpus shared by the module: these tests only read."""
    url = create_database(pg_admin_url, template=template_database)
    with psycopg.connect(url, autocommit=True) as conn:
        h = History(conn)
        pay = h.widget(h.hub("billing"), "Pay button")
        h.decision_chain(pay, "Fix flicker on checkout", annotation="the page jumps")
        h.decision_chain(pay, "Tune the carousel", annotation="flicker on every slide")
        lever = h.decision_chain(pay, "Rework the layout", annotation="small screens hide the [bold]lever[/bold]")
    distil(url)
    yield url, lever["decision"]
    drop_database(pg_admin_url, url)


@pytest.fixture
def search(search_db, monkeypatch, capsys):
    """Run `ihf knowledge search ARGS` in-process; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("IHF_DATABASE_URL", search_db[0])

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["ihf", "knowledge", "search", *args])
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def run_process(url: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "orchestration", "knowledge", "search", *args],
        capture_output=True, encoding="utf-8", errors="replace", timeout=300,
        env={**os.environ, "IHF_DATABASE_URL": url, "COLUMNS": "200"},
    )


def digest(url: str) -> str:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "select md5(string_agg(t::text, '|' order by t::text)) from (select e::text from "
            "institutional_knowledge_entries e union all select d::text from decision_records d) t"
        ).fetchone()[0]


def assert_one_line_error(code: int, out: str, err: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1 and lines[0].startswith("ihf: error:"), err
    assert "Traceback" not in out + err


def test_json_is_an_array_of_hits_best_first(search_db):
    result = run_process(search_db[0], "flicker", "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert [hit["title"] for hit in hits] == ["Fix flicker on checkout", "Tune the carousel"]  # title hit first
    assert all(set(hit) == {"decision_id", "title", "rank", "snippet"} for hit in hits)
    assert hits[0]["rank"] > hits[1]["rank"]
    assert "«flicker»" in hits[1]["snippet"]


def test_non_utf8_argument_bytes_get_one_line(search_db):
    result = run_process(search_db[0], b"caf\xff")  # decoded into sys.argv as a lone surrogate
    assert_one_line_error(result.returncode, result.stdout, result.stderr)
    assert "UTF-8" in result.stderr


def test_default_output_is_a_table_with_stored_text_shown_verbatim(search, search_db):
    code, out, err = search("lever", "--limit", "5")
    assert code == 0, err
    assert search_db[1] in out
    assert "[bold]" in out  # stored text is never interpreted as rich markup
    assert "«" not in out  # highlight markers become styling


def test_stop_words_only_say_no_matches(search):
    assert search("the of and")[:2] == (0, "no matches\n")
    code, out, _ = search("the of and", "--json")
    assert (code, json.loads(out)) == (0, [])


@pytest.mark.parametrize(
    "query",
    ["'; drop table institutional_knowledge_entries; --", 'say "hi\\ there', "lever) | (!", "-lever"],
)
def test_hostile_queries_are_just_words(search, search_db, query):
    before = digest(search_db[0])
    code, out, err = search(query, "--json")
    assert code == 0, err
    assert isinstance(json.loads(out), list)
    assert digest(search_db[0]) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x" * 10_000], "maximum is 1000"),
        ([""], "empty"),
        (["  "], "empty"),
        (["caf\udcff"], "UTF-8"),
        (["lever", "--limit", "0"], "--limit"),
        (["lever", "--limit", "1001"], "--limit"),
        (["lever", "--limit", "many"], "is not a valid integer"),
        (["lever", "--hub", "nowhere"], "unknown hub"),
        (["lever", "--tag", "a\x00b"], "NUL"),
    ],
)
def test_unusable_input_gets_one_line_and_writes_nothing(search, search_db, args, message):
    before = digest(search_db[0])
    code, out, err = search(*args)
    assert_one_line_error(code, out, err)
    assert message in err
    assert digest(search_db[0]) == before


def test_missing_schema_says_to_upgrade(bare_db_url, monkeypatch, capsys):
    monkeypatch.setenv("IHF_DATABASE_URL", bare_db_url)
    monkeypatch.setattr(sys, "argv", ["ihf", "knowledge", "search", "lever"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    err = capsys.readouterr().err
    assert exit_info.value.code == 2 and "ihf db upgrade" in err
