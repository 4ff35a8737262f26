"""search_knowledge over distilled entries (SPEC §7.4): what matches, in which order,
and that no query string can do more than match."""

import pytest

from orchestration.assets.knowledge_distillation.search import search_knowledge
from tests.knowledge_history import History, distil

HOSTILE_QUERIES = [
    "'; drop table institutional_knowledge_entries; --", 'say "hello', "back\\slash\\", "a & b | !c <-> d:*",
    "(((", "-", '""', "OR", "x" * 1000, "ünïcödé 中文 🚀",
]


@pytest.fixture
def corpus(db_url, conn):
    h = History(conn)
    billing, support = h.hub("billing"), h.hub("support")
    pay, panel = h.widget(billing, "Pay button"), h.widget(support, "Help panel", "panel")
    ids = {
        "title_hit": h.decision_chain(pay, "Fix flicker on checkout", annotation="the page jumps")["decision"],
        "lever_mobile": h.decision_chain(pay, "Resize controls", annotation="lever too small on mobile")["decision"],
        "lever_screens": h.decision_chain(panel, "Rework the layout", category="usability",
                                          annotation="small screens hide the lever, says the wombat team")["decision"],
    }
    carousel = h.decision_chain(panel, "Tune the carousel", annotation="slides are slow")
    for day in range(1, 7):  # a body-only hit that repeats the word 12 times
        h.annotation(panel, "flicker flicker on every slide", carousel["thread"], day=day)
    ids["body_hit"] = carousel["decision"]
    distil(db_url)
    return ids


def found(conn, query: str, **filters) -> list[str]:
    return [row["decision_id"] for row in search_knowledge(conn, query, **filters)]


def table_digest(conn) -> str:
    return conn.execute(
        "select md5(string_agg(t::text, '|' order by t::text)) from "
        "(select e::text from institutional_knowledge_entries e union all select d::text from decision_records d) t"
    ).fetchone()[0]


def test_word_only_in_a_source_annotation_finds_its_decision(conn, corpus):
    [hit] = search_knowledge(conn, "wombat")
    assert hit["decision_id"] == corpus["lever_screens"]
    assert hit["title"] == "Rework the layout"
    assert "«wombat»" in hit["snippet"]
    assert set(hit) == {"decision_id", "title", "rank", "snippet"}


def test_title_hit_outranks_a_body_only_hit_even_when_the_body_repeats_the_word(conn, corpus):
    assert found(conn, "flicker") == [corpus["title_hit"], corpus["body_hit"]]
    # Raw ts_rank_cd alone would invert them: A = 1.0 once (+ 2 body copies at C = 0.2)
    # against 12 body occurrences at 0.2; the title tier is what keeps the promise.
    raw = dict(conn.execute(
        "select decision_id::text, ts_rank_cd(search_vector, websearch_to_tsquery('english', 'flicker')) "
        "from institutional_knowledge_entries"
    ).fetchall())
    assert raw[corpus["body_hit"]] > raw[corpus["title_hit"]]


def test_phrase_and_negation_follow_websearch_syntax(conn, corpus):
    both = sorted([corpus["lever_mobile"], corpus["lever_screens"]])
    assert sorted(found(conn, "small lever")) == both
    assert found(conn, '"lever too small"') == [corpus["lever_mobile"]]  # adjacent words, stop word kept as a gap
    assert found(conn, "lever -mobile") == [corpus["lever_screens"]]
    assert sorted(found(conn, "wombat or mobile")) == both


def test_results_are_best_first_and_limited(conn, corpus):
    results = search_knowledge(conn, "flicker or lever", limit=3)
    assert len(results) == 3
    ranks = [row["rank"] for row in results]
    assert ranks == sorted(ranks, reverse=True)


def test_hub_and_tag_filters(conn, corpus):
    assert sorted(found(conn, "flicker or lever", hub_slug="support")) == sorted(
        [corpus["lever_screens"], corpus["body_hit"]])
    assert found(conn, "lever", tag="Usability") == [corpus["lever_screens"]]  # tags are lower case
    assert found(conn, "lever", hub_slug="no-such-hub") == []


def test_stop_words_only_match_nothing(conn, corpus):
    assert search_knowledge(conn, "the and of") == []


def test_hostile_queries_only_ever_match(conn, corpus):
    before = table_digest(conn)
    for query in HOSTILE_QUERIES:
        assert isinstance(search_knowledge(conn, query), list), query
    assert table_digest(conn) == before


@pytest.mark.parametrize(
    ("query", "limit", "message"),
    [("", 10, "empty"), ("   \t", 10, "empty"), ("a\x00b", 10, "NUL"), ("caf\udcc3", 10, "UTF-8"),
     ("x" * 1001, 10, "maximum is 1000"), ("ok", 0, "--limit"), ("ok", 1001, "--limit")],
)
def test_unusable_input_is_refused_before_the_database(query, limit, message):
    with pytest.raises(ValueError, match=message):
        search_knowledge(None, query, limit=limit)
