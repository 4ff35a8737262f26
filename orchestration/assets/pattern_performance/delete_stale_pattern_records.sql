-- A rerun for an as_of replaces that as_of's records: drop the ones this run no
-- longer produces (reads computed_pattern_records). Other as_ofs are history.
-- Parameters: as_of (timestamptz).
DELETE FROM pattern_performance_records AS ppr
WHERE ppr.window_end = %(as_of)s::timestamptz
  AND NOT EXISTS (
      SELECT 1
      FROM computed_pattern_records AS c
      WHERE c.domain = ppr.domain
        AND c.pattern_key = ppr.pattern_key
  )
