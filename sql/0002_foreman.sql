-- Foreman schema (seed 003, FOREMAN_DATABASE_SCHEMA_v1.0) in schema foreman.
--
-- Differences from the seed:
--   * builders.current_task_id is ON DELETE RESTRICT, as seed §4.3 states
--     (its DDL left the NO ACTION default), and is indexed (seed §3: every
--     foreign key is indexed);
--   * a partial unique index allows at most one unresolved builder_stall
--     blocker per entity, so overlapping monitor runs cannot open two;
--   * the progress roll-up covers INSERT, UPDATE and DELETE of tasks and of
--     waves (the seed's sketch handled task UPDATE only and "similar" for
--     programs), and is safe under concurrent writers (see below);
--   * update_updated_at() keeps an updated_at the UPDATE sets explicitly
--     (loaders record when a task really failed) and stamps NOW() otherwise.
-- Row-level security (seed §5, "future") is added by 0006.

CREATE SCHEMA foreman;

-- 1.1 programs
CREATE TABLE foreman.programs (
    program_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    objectives JSONB NOT NULL DEFAULT '[]',
    state TEXT NOT NULL CHECK (state IN ('planned', 'in-progress', 'blocked', 'completed', 'failed')),
    progress_percentage INTEGER NOT NULL DEFAULT 0 CHECK (progress_percentage BETWEEN 0 AND 100),
    evidence_location TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    created_by UUID,
    organisation_id UUID -- tenant isolation: see 0006
);

CREATE INDEX idx_programs_state ON foreman.programs (state);
CREATE INDEX idx_programs_org ON foreman.programs (organisation_id);

-- 1.2 waves
CREATE TABLE foreman.waves (
    wave_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    program_id UUID NOT NULL REFERENCES foreman.programs (program_id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    sequence_number INTEGER NOT NULL,
    dependencies JSONB NOT NULL DEFAULT '[]', -- array of wave_ids
    state TEXT NOT NULL CHECK (state IN ('planned', 'in-progress', 'blocked', 'completed', 'failed')),
    progress_percentage INTEGER NOT NULL DEFAULT 0 CHECK (progress_percentage BETWEEN 0 AND 100),
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    UNIQUE (program_id, sequence_number)
);

CREATE INDEX idx_waves_program ON foreman.waves (program_id);
CREATE INDEX idx_waves_state ON foreman.waves (state);

-- 1.3 tasks
CREATE TABLE foreman.tasks (
    task_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    wave_id UUID NOT NULL REFERENCES foreman.waves (wave_id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    architecture_reference TEXT NOT NULL,
    qa_suite_location TEXT NOT NULL,
    acceptance_criteria TEXT NOT NULL,
    assigned_builder TEXT CHECK (assigned_builder IN ('ui-builder', 'api-builder', 'schema-builder', 'integration-builder', 'qa-builder')),
    state TEXT NOT NULL CHECK (state IN ('planned', 'assigned', 'in-progress', 'blocked', 'completed', 'failed')),
    progress_percentage INTEGER NOT NULL DEFAULT 0 CHECK (progress_percentage BETWEEN 0 AND 100),
    evidence_location TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    started_at TIMESTAMPTZ,
    completed_at TIMESTAMPTZ
);

CREATE INDEX idx_tasks_wave ON foreman.tasks (wave_id);
CREATE INDEX idx_tasks_state ON foreman.tasks (state);
CREATE INDEX idx_tasks_builder ON foreman.tasks (assigned_builder);

-- 1.4 builders
CREATE TABLE foreman.builders (
    builder_id TEXT PRIMARY KEY CHECK (builder_id IN ('ui-builder', 'api-builder', 'schema-builder', 'integration-builder', 'qa-builder')),
    backend_type TEXT NOT NULL CHECK (backend_type IN ('local', 'hosted', 'burst')),
    current_task_id UUID REFERENCES foreman.tasks (task_id) ON DELETE RESTRICT,
    state TEXT NOT NULL CHECK (state IN ('idle', 'active', 'blocked', 'failed')),
    last_heartbeat TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    provenance JSONB NOT NULL DEFAULT '{}', -- {model, escalation_rationale}
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_builders_state ON foreman.builders (state);
CREATE INDEX idx_builders_heartbeat ON foreman.builders (last_heartbeat);
CREATE INDEX idx_builders_current_task ON foreman.builders (current_task_id);

-- 1.5 blockers
CREATE TABLE foreman.blockers (
    blocker_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    entity_type TEXT NOT NULL CHECK (entity_type IN ('program', 'wave', 'task')),
    entity_id UUID NOT NULL,
    classification TEXT NOT NULL CHECK (classification IN (
        'architecture_qa_mismatch',
        'impossible_requirements',
        'protected_path',
        'repeated_failures',
        'constitutional_violation',
        'builder_stall'
    )),
    description TEXT NOT NULL,
    detected_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    resolved_at TIMESTAMPTZ,
    resolution_action TEXT
);

CREATE INDEX idx_blockers_entity ON foreman.blockers (entity_type, entity_id);
CREATE INDEX idx_blockers_unresolved ON foreman.blockers (resolved_at) WHERE resolved_at IS NULL;
-- The stall monitor opens one builder_stall blocker per task, never two
-- (SPEC §7.6); this makes that hold even when two monitor runs overlap.
CREATE UNIQUE INDEX blockers_one_open_stall_key ON foreman.blockers (entity_type, entity_id)
    WHERE classification = 'builder_stall' AND resolved_at IS NULL;

-- 1.6 heartbeats
CREATE TABLE foreman.heartbeats (
    heartbeat_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    builder_id TEXT NOT NULL REFERENCES foreman.builders (builder_id),
    task_id UUID REFERENCES foreman.tasks (task_id),
    timestamp TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    status TEXT NOT NULL CHECK (status IN ('active', 'idle', 'blocked')),
    message TEXT,
    progress_percentage INTEGER CHECK (progress_percentage BETWEEN 0 AND 100)
);

CREATE INDEX idx_heartbeats_builder ON foreman.heartbeats (builder_id, timestamp DESC);
CREATE INDEX idx_heartbeats_task ON foreman.heartbeats (task_id);

-- 1.7 evidence_trail
CREATE TABLE foreman.evidence_trail (
    evidence_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    entity_type TEXT NOT NULL CHECK (entity_type IN ('program', 'wave', 'task', 'builder')),
    entity_id UUID NOT NULL,
    action TEXT NOT NULL,
    actor TEXT NOT NULL, -- 'foreman' or builder_id
    backend TEXT, -- 'local', 'hosted', 'burst'
    model TEXT, -- model used
    context JSONB NOT NULL DEFAULT '{}',
    timestamp TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

CREATE INDEX idx_evidence_entity ON foreman.evidence_trail (entity_type, entity_id, timestamp DESC);
CREATE INDEX idx_evidence_timestamp ON foreman.evidence_trail (timestamp DESC);

-- 1.8 governance_violations
CREATE TABLE foreman.governance_violations (
    violation_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    task_id UUID REFERENCES foreman.tasks (task_id),
    builder_id TEXT REFERENCES foreman.builders (builder_id),
    violation_type TEXT NOT NULL,
    description TEXT NOT NULL,
    detected_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    resolution TEXT,
    resolved_at TIMESTAMPTZ
);

CREATE INDEX idx_violations_task ON foreman.governance_violations (task_id);
CREATE INDEX idx_violations_builder ON foreman.governance_violations (builder_id);
CREATE INDEX idx_violations_unresolved ON foreman.governance_violations (resolved_at) WHERE resolved_at IS NULL;

-- 1.9 architecture_validations
CREATE TABLE foreman.architecture_validations (
    validation_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    task_id UUID NOT NULL REFERENCES foreman.tasks (task_id),
    architecture_reference TEXT NOT NULL,
    validation_results JSONB NOT NULL, -- checklist results
    pass_rate NUMERIC(5,2) NOT NULL CHECK (pass_rate BETWEEN 0 AND 100),
    build_readiness TEXT NOT NULL CHECK (build_readiness IN ('READY', 'NOT_READY')),
    validated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    validated_by TEXT NOT NULL DEFAULT 'foreman'
);

CREATE INDEX idx_arch_validations_task ON foreman.architecture_validations (task_id);

-- 1.10 qa_executions
CREATE TABLE foreman.qa_executions (
    execution_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    task_id UUID NOT NULL REFERENCES foreman.tasks (task_id),
    qa_suite_location TEXT NOT NULL,
    total_tests INTEGER NOT NULL,
    passing_tests INTEGER NOT NULL,
    failing_tests INTEGER NOT NULL,
    skipped_tests INTEGER NOT NULL,
    test_debt_count INTEGER NOT NULL DEFAULT 0,
    qa_status TEXT NOT NULL CHECK (qa_status IN ('RED', 'PARTIAL', 'GREEN')),
    executed_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    execution_time_ms INTEGER
);

CREATE INDEX idx_qa_executions_task ON foreman.qa_executions (task_id, executed_at DESC);

-- 6.1 updated_at maintenance
CREATE FUNCTION foreman.update_updated_at()
RETURNS TRIGGER AS $$
BEGIN
    -- An explicitly assigned updated_at is kept, so loaders and backfills can
    -- record when a change really happened; otherwise stamp NOW().
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at = NOW();
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER programs_updated_at BEFORE UPDATE ON foreman.programs
    FOR EACH ROW EXECUTE FUNCTION foreman.update_updated_at();

CREATE TRIGGER waves_updated_at BEFORE UPDATE ON foreman.waves
    FOR EACH ROW EXECUTE FUNCTION foreman.update_updated_at();

CREATE TRIGGER tasks_updated_at BEFORE UPDATE ON foreman.tasks
    FOR EACH ROW EXECUTE FUNCTION foreman.update_updated_at();

CREATE TRIGGER builders_updated_at BEFORE UPDATE ON foreman.builders
    FOR EACH ROW EXECUTE FUNCTION foreman.update_updated_at();

-- 6.2 progress roll-up: wave = AVG(its tasks)::integer, program = AVG(its
-- waves)::integer, 0 when there is nothing to average.
--
-- Concurrency: the parent row is locked in one statement and recomputed in
-- the next. Under READ COMMITTED each statement of a PL/pgSQL function takes
-- a fresh snapshot, so the recompute sees every child change committed by
-- whoever held the lock before us. (Computing the average inside the UPDATE
-- alone would use a snapshot taken before the wait: a lost update.) Parents
-- are locked in id order so a task moved between two waves cannot deadlock,
-- and FOR NO KEY UPDATE (the UPDATE's own lock strength) does not conflict
-- with the KEY SHARE locks that concurrent child inserts take for their FKs.

CREATE FUNCTION foreman.calculate_wave_progress()
RETURNS TRIGGER AS $$
DECLARE
    affected_waves UUID[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        affected_waves := ARRAY[NEW.wave_id];
    ELSIF TG_OP = 'DELETE' THEN
        affected_waves := ARRAY[OLD.wave_id];
    ELSIF NEW.wave_id IS DISTINCT FROM OLD.wave_id THEN
        affected_waves := ARRAY[OLD.wave_id, NEW.wave_id];
    ELSIF NEW.progress_percentage IS DISTINCT FROM OLD.progress_percentage THEN
        affected_waves := ARRAY[NEW.wave_id];
    ELSE
        RETURN NULL;
    END IF;

    PERFORM 1 FROM foreman.waves
     WHERE wave_id = ANY (affected_waves)
     ORDER BY wave_id
       FOR NO KEY UPDATE;

    UPDATE foreman.waves w
       SET progress_percentage = p.progress
      FROM (SELECT a.wave_id, COALESCE(AVG(t.progress_percentage)::INTEGER, 0) AS progress
              FROM unnest(affected_waves) AS a (wave_id)
              LEFT JOIN foreman.tasks t ON t.wave_id = a.wave_id
             GROUP BY a.wave_id) p
     WHERE w.wave_id = p.wave_id
       AND w.progress_percentage <> p.progress;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER task_progress_updated
    AFTER INSERT OR DELETE OR UPDATE OF progress_percentage, wave_id ON foreman.tasks
    FOR EACH ROW EXECUTE FUNCTION foreman.calculate_wave_progress();

CREATE FUNCTION foreman.calculate_program_progress()
RETURNS TRIGGER AS $$
DECLARE
    affected_programs UUID[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        affected_programs := ARRAY[NEW.program_id];
    ELSIF TG_OP = 'DELETE' THEN
        affected_programs := ARRAY[OLD.program_id];
    ELSIF NEW.program_id IS DISTINCT FROM OLD.program_id THEN
        affected_programs := ARRAY[OLD.program_id, NEW.program_id];
    ELSIF NEW.progress_percentage IS DISTINCT FROM OLD.progress_percentage THEN
        affected_programs := ARRAY[NEW.program_id];
    ELSE
        RETURN NULL;
    END IF;

    PERFORM 1 FROM foreman.programs
     WHERE program_id = ANY (affected_programs)
     ORDER BY program_id
       FOR NO KEY UPDATE;

    UPDATE foreman.programs pr
       SET progress_percentage = p.progress
      FROM (SELECT a.program_id, COALESCE(AVG(w.progress_percentage)::INTEGER, 0) AS progress
              FROM unnest(affected_programs) AS a (program_id)
              LEFT JOIN foreman.waves w ON w.program_id = a.program_id
             GROUP BY a.program_id) p
     WHERE pr.program_id = p.program_id
       AND pr.progress_percentage <> p.progress;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER wave_progress_updated
    AFTER INSERT OR DELETE OR UPDATE OF progress_percentage, program_id ON foreman.waves
    FOR EACH ROW EXECUTE FUNCTION foreman.calculate_program_progress();
