-- Lineage resolution (SPEC §5), written once and shared by the learning assets
-- and the dbt intermediate models. Structural only: point-in-time filters
-- (created_at / retracted_at / observed_at against as_of) are applied by callers.

-- One row per deployment with the chain above it. A decision's candidate is its
-- own candidate_id, else its requirement's source candidate.
CREATE VIEW deployment_lineage AS
SELECT
    d.id                                        AS deployment_id,
    d.decision_id,
    d.impl_ref_id,
    d.version_ref,
    d.deployed_at,
    dr.requirement_id,
    COALESCE(dr.candidate_id, r.source_candidate_id) AS candidate_id,
    c.category                                  AS candidate_category,
    c.source_widget_id                          AS widget_id,
    w.hub_id,
    w.widget_type
FROM deployment_records d
JOIN decision_records dr ON dr.id = d.decision_id
LEFT JOIN requirements r ON r.id = dr.requirement_id
LEFT JOIN requirement_candidates c ON c.id = COALESCE(dr.candidate_id, r.source_candidate_id)
LEFT JOIN widgets w ON w.id = c.source_widget_id;

COMMENT ON VIEW deployment_lineage IS
    'One row per deployment: decision, requirement, resolved candidate (decision.candidate_id, else the requirement''s source candidate), widget and hub (SPEC §5).';

-- A(C): the candidate's source annotation plus every annotation of its source
-- thread. Retraction is point-in-time, so it is left to the caller.
CREATE VIEW candidate_source_annotations AS
SELECT c.id AS candidate_id, a.id AS annotation_id
FROM requirement_candidates c
JOIN annotations a ON a.id = c.source_annotation_id
UNION
SELECT c.id, a.id
FROM requirement_candidates c
JOIN annotations a ON a.thread_id = c.source_thread_id;

COMMENT ON VIEW candidate_source_annotations IS
    'A(C) of SPEC §5 before retraction: source annotation plus all annotations of the source thread.';
