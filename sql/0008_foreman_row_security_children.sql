-- Extends organisation isolation (0006) to the Foreman tables that hang off a
-- task or an entity: a row is visible exactly when its parent is.

SET LOCAL search_path = foreman;

ALTER TABLE foreman.qa_executions ENABLE ROW LEVEL SECURITY;
ALTER TABLE foreman.architecture_validations ENABLE ROW LEVEL SECURITY;
ALTER TABLE foreman.governance_violations ENABLE ROW LEVEL SECURITY;
ALTER TABLE foreman.heartbeats ENABLE ROW LEVEL SECURITY;
ALTER TABLE foreman.blockers ENABLE ROW LEVEL SECURITY;
ALTER TABLE foreman.evidence_trail ENABLE ROW LEVEL SECURITY;

CREATE POLICY org_isolation ON foreman.qa_executions
    USING (EXISTS (SELECT 1 FROM foreman.tasks AS t WHERE t.task_id = qa_executions.task_id))
    WITH CHECK (EXISTS (SELECT 1 FROM foreman.tasks AS t WHERE t.task_id = qa_executions.task_id));
CREATE POLICY org_isolation ON foreman.architecture_validations
    USING (EXISTS (SELECT 1 FROM foreman.tasks AS t WHERE t.task_id = architecture_validations.task_id))
    WITH CHECK (EXISTS (SELECT 1 FROM foreman.tasks AS t WHERE t.task_id = architecture_validations.task_id));
-- task_id is optional on violations and heartbeats: rows without a task stay
-- invisible to tenants (they belong to no organisation).
CREATE POLICY org_isolation ON foreman.governance_violations
    USING (EXISTS (SELECT 1 FROM foreman.tasks AS t WHERE t.task_id = governance_violations.task_id))
    WITH CHECK (EXISTS (SELECT 1 FROM foreman.tasks AS t WHERE t.task_id = governance_violations.task_id));
CREATE POLICY org_isolation ON foreman.heartbeats
    USING (EXISTS (SELECT 1 FROM foreman.tasks AS t WHERE t.task_id = heartbeats.task_id))
    WITH CHECK (EXISTS (SELECT 1 FROM foreman.tasks AS t WHERE t.task_id = heartbeats.task_id));

-- Polymorphic rows (entity_type, entity_id): visible when the entity is.
CREATE FUNCTION foreman.entity_visible(entity_type TEXT, entity_id UUID) RETURNS BOOLEAN
LANGUAGE sql STABLE
AS $$
    SELECT CASE entity_type
        WHEN 'program' THEN EXISTS (SELECT 1 FROM foreman.programs p WHERE p.program_id = entity_id)
        WHEN 'wave'    THEN EXISTS (SELECT 1 FROM foreman.waves w WHERE w.wave_id = entity_id)
        WHEN 'task'    THEN EXISTS (SELECT 1 FROM foreman.tasks t WHERE t.task_id = entity_id)
        ELSE FALSE
    END
$$;

CREATE POLICY org_isolation ON foreman.blockers
    USING (foreman.entity_visible(entity_type, entity_id))
    WITH CHECK (foreman.entity_visible(entity_type, entity_id));
CREATE POLICY org_isolation ON foreman.evidence_trail
    USING (foreman.entity_visible(entity_type, entity_id))
    WITH CHECK (foreman.entity_visible(entity_type, entity_id));
