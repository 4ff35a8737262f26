-- Decisions created after as_of get no entry yet (SPEC §10): a rerun for an
-- earlier as_of removes the entries a later run made for them.
DELETE FROM institutional_knowledge_entries e
 USING decision_records dr
 WHERE dr.id = e.decision_id
   AND dr.created_at > %(as_of)s
