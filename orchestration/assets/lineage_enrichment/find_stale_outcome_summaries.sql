-- Decisions and candidates whose stored outcome_summary differs from a fresh
-- computation over all their signals. Every decision whose id hashes into the
-- sample (modulus 1 = all rows) is checked, with the candidates it links to.
WITH sampled_decisions AS (
    SELECT id AS decision_id
      FROM decision_records
     WHERE mod(abs(hashtext(id::text)), %(sample_modulus)s) = 0
),
decision_groups AS (
    SELECT dl.decision_id AS group_id, dl.deployment_id
      FROM deployment_lineage dl
      JOIN sampled_decisions USING (decision_id)
),
candidate_groups AS (
    -- a candidate covers every decision linked to it, sampled or not
    SELECT dl.candidate_id AS group_id, dl.deployment_id
      FROM deployment_lineage dl
     WHERE dl.candidate_id IN (SELECT candidate_id FROM deployment_lineage JOIN sampled_decisions USING (decision_id))
),
fresh_decisions AS (
    SELECT * FROM lineage_outcome_summaries(
        ARRAY(SELECT group_id FROM decision_groups), ARRAY(SELECT deployment_id FROM decision_groups))
),
fresh_candidates AS (
    SELECT * FROM lineage_outcome_summaries(
        ARRAY(SELECT group_id FROM candidate_groups), ARRAY(SELECT deployment_id FROM candidate_groups))
)
SELECT 'decision' AS kind, d.id
  FROM decision_records d
  JOIN sampled_decisions s ON s.decision_id = d.id
  LEFT JOIN fresh_decisions f ON f.group_id = d.id
 WHERE d.outcome_summary IS DISTINCT FROM f.outcome_summary
UNION ALL
SELECT 'candidate', c.id
  FROM requirement_candidates c
  LEFT JOIN fresh_candidates f ON f.group_id = c.id
 WHERE c.id IN (SELECT group_id FROM candidate_groups)
   AND c.outcome_summary IS DISTINCT FROM f.outcome_summary
ORDER BY 1, 2
