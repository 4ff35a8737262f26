-- Ranked full-text search over institutional knowledge (SPEC §7.4, §7.7).
-- websearch_to_tsquery never raises on syntax: quotes make phrases, a leading
-- '-' negates, 'or' alternates, anything else is just words.
--
-- rank = 1 if the title alone satisfies the query, plus ts_rank_cd squashed
-- into [0, 1) (normalization 32: r / (r + 1)). Weights A (title) > C (body)
-- order hits within a tier, but a word repeated in many annotations can sum
-- past one title occurrence; the tier makes "a title hit outranks a body-only
-- hit" hold always. Snippets, on one line, are built for the returned rows
-- only (ts_headline re-parses the text).
--
-- The tsquery is a FROM item rather than a CTE so the planner folds it into a
-- constant and uses the GIN index on search_vector.
WITH ranked AS (
    SELECT e.decision_id, e.title, e.summary, e.body, q,
           (ts_filter(e.search_vector, '{a}') @@ q)::int + ts_rank_cd(e.search_vector, q, 32) AS rank
      FROM institutional_knowledge_entries e,
           websearch_to_tsquery('english', %(query)s) AS q
     WHERE e.search_vector @@ q
       AND (%(hub_slug)s::text IS NULL
            OR e.hub_id = (SELECT h.id FROM hubs h WHERE h.slug = %(hub_slug)s::text))
       AND (%(tag)s::text IS NULL OR e.tags @> ARRAY[%(tag)s::text])
     ORDER BY rank DESC, e.decision_id
     LIMIT %(limit)s
)
SELECT decision_id, title, round(rank::numeric, 6)::float8 AS rank,
       regexp_replace(
           ts_headline('english', summary || E'\n' || body, q,
                       'StartSel=«, StopSel=», MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "'),
           '\s+', ' ', 'g') AS snippet
  FROM ranked
 ORDER BY ranked.rank DESC, decision_id
