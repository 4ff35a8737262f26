"""Ranked full-text search over institutional knowledge (SPEC §7.4, §7.7).

Input is validated here, so every caller (the CLI, tests, a future API) gets
the same one-line ValueError for input no database should see. Everything
else - quotes, backslashes, SQL fragments - is a bound parameter that
websearch_to_tsquery reads as words.
"""

from __future__ import annotations

import psycopg
from psycopg.rows import dict_row

from orchestration.lib.sql_files import read_sql

MAX_QUERY_CHARS = 1000
MAX_LIMIT = 1000
MAX_FILTER_CHARS = 200


def validate_text(value: str, what: str, max_chars: int = MAX_FILTER_CHARS) -> str:
    """`value` unchanged; ValueError when it has a NUL, is not UTF-8 or is too long."""
    if "\x00" in value:
        raise ValueError(f"the {what} contains a NUL character; remove it and retry")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # sys.argv carries undecodable bytes as lone surrogates
        raise ValueError(f"the {what} is not valid UTF-8; pass text in UTF-8") from None
    if len(value) > max_chars:
        raise ValueError(f"the {what} is {len(value)} characters long; the maximum is {max_chars}")
    return value


def validate_query(query: str) -> str:
    """The query, stripped; ValueError with an actionable message when unusable."""
    text = validate_text(query, "query", MAX_QUERY_CHARS).strip()
    if not text:
        raise ValueError('the query is empty; give words to search for, e.g. "checkout timeout"')
    return text


def validate_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"--limit must be between 1 and {MAX_LIMIT}, got {limit}")
    return limit


def search_knowledge(
    conn: psycopg.Connection,
    query: str,
    limit: int = 10,
    hub_slug: str | None = None,
    tag: str | None = None,
) -> list[dict]:
    """Entries matching `query` (websearch syntax), best first: decision_id, title, rank, snippet.

    `hub_slug` keeps entries of that hub, `tag` entries carrying that tag. A query
    of stop words only matches nothing and returns [].
    """
    params = {
        "query": validate_query(query),
        "limit": validate_limit(limit),
        "hub_slug": None if hub_slug is None else validate_text(hub_slug, "hub slug"),
        "tag": None if tag is None else validate_text(tag, "tag").lower(),
    }
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(read_sql(__file__, "search_entries.sql"), params).fetchall()
    return [{**row, "decision_id": str(row["decision_id"])} for row in rows]
