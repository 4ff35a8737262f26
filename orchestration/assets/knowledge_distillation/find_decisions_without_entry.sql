-- Decisions created <= as_of that have no knowledge entry (should be none).
SELECT dr.id
  FROM decision_records dr
 WHERE dr.created_at <= %(as_of)s
   AND NOT EXISTS (SELECT 1 FROM institutional_knowledge_entries e WHERE e.decision_id = dr.id)
 ORDER BY dr.id
