-- Entries whose stored fingerprint differs from a fresh composition (run after
-- compose_entries.sql in the same transaction); should be none after a run.
SELECT c.decision_id
  FROM composed_entries c
  JOIN institutional_knowledge_entries e ON e.decision_id = c.decision_id
 WHERE e.source_fingerprint <> c.source_fingerprint
 ORDER BY c.decision_id
