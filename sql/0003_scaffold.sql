-- Scaffold outcome tracking (seed 004, Phase 3.4) in schema scaffold.
--
-- Differences from the seed: the pattern_analytics materialized view is not
-- created here, it is a dbt mart (as of a given instant instead of NOW());
-- updated_at is maintained by a trigger (the seed declared the column but no
-- trigger), which keeps an explicitly assigned value, as in foreman.

CREATE SCHEMA scaffold;

-- 1. project_outcomes: metadata and lifecycle status of scaffolded projects
CREATE TABLE scaffold.project_outcomes (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),

    -- Project metadata
    project_name VARCHAR(255) NOT NULL,
    project_path TEXT NOT NULL,
    pattern_id VARCHAR(50) NOT NULL,
    pattern_name VARCHAR(100) NOT NULL,

    -- Scaffolding details
    components_generated TEXT[], -- component names
    files_created INTEGER NOT NULL DEFAULT 0,
    languages_used TEXT[], -- ['TypeScript', 'Python', 'Rust']
    dependencies_installed TEXT[], -- ['npm', 'cargo', 'pip']

    -- Project health
    status VARCHAR(20) DEFAULT 'active', -- 'active', 'archived', 'deleted'
    last_build_status VARCHAR(20), -- 'success', 'failure', null
    last_build_timestamp TIMESTAMPTZ,
    test_pass_rate DECIMAL(5,2), -- percentage (0-100)
    deployment_status VARCHAR(20), -- 'deployed', 'staging', 'local', null

    -- User information
    user_id UUID, -- future: link to user accounts
    workspace_id UUID, -- future: multi-workspace support

    -- Timestamps
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    last_accessed_at TIMESTAMPTZ,

    CONSTRAINT valid_status CHECK (status IN ('active', 'archived', 'deleted')),
    CONSTRAINT valid_build_status CHECK (last_build_status IN ('success', 'failure') OR last_build_status IS NULL),
    CONSTRAINT valid_test_rate CHECK (test_pass_rate >= 0 AND test_pass_rate <= 100)
);

CREATE INDEX idx_project_outcomes_pattern ON scaffold.project_outcomes (pattern_id);
CREATE INDEX idx_project_outcomes_status ON scaffold.project_outcomes (status);
CREATE INDEX idx_project_outcomes_created ON scaffold.project_outcomes (created_at DESC);
CREATE INDEX idx_project_outcomes_user ON scaffold.project_outcomes (user_id) WHERE user_id IS NOT NULL;

-- 2. user_feedback: post-scaffolding ratings and satisfaction
CREATE TABLE scaffold.user_feedback (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),

    project_outcome_id UUID NOT NULL REFERENCES scaffold.project_outcomes (id) ON DELETE CASCADE,

    -- Ratings (1-5 scale)
    overall_satisfaction SMALLINT NOT NULL CHECK (overall_satisfaction >= 1 AND overall_satisfaction <= 5),
    pattern_usefulness SMALLINT CHECK (pattern_usefulness >= 1 AND pattern_usefulness <= 5),
    code_quality SMALLINT CHECK (code_quality >= 1 AND code_quality <= 5),
    documentation_clarity SMALLINT CHECK (documentation_clarity >= 1 AND documentation_clarity <= 5),
    setup_ease SMALLINT CHECK (setup_ease >= 1 AND setup_ease <= 5),

    -- Qualitative feedback
    positive_aspects TEXT[], -- ['fast', 'clean-code', 'good-docs', 'easy-setup']
    negative_aspects TEXT[], -- ['slow', 'buggy', 'poor-docs', 'complex']
    additional_comments TEXT,

    -- Recommendation
    would_recommend BOOLEAN,
    likelihood_to_reuse SMALLINT CHECK (likelihood_to_reuse >= 1 AND likelihood_to_reuse <= 10), -- NPS scale
    feature_requests TEXT[],

    -- Context
    time_to_first_build INTEGER, -- seconds from scaffolding to first successful build
    encountered_errors BOOLEAN DEFAULT FALSE,
    error_details JSONB, -- { "type": "dependency", "message": "...", "resolved": true }

    -- Metadata
    feedback_source VARCHAR(20) DEFAULT 'modal', -- 'modal', 'dashboard', 'email'
    submitted_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),

    CONSTRAINT valid_nps CHECK (likelihood_to_reuse >= 1 AND likelihood_to_reuse <= 10)
);

CREATE INDEX idx_user_feedback_project ON scaffold.user_feedback (project_outcome_id);
CREATE INDEX idx_user_feedback_satisfaction ON scaffold.user_feedback (overall_satisfaction DESC);
CREATE INDEX idx_user_feedback_submitted ON scaffold.user_feedback (submitted_at DESC);
CREATE INDEX idx_user_feedback_recommend ON scaffold.user_feedback (would_recommend) WHERE would_recommend IS NOT NULL;

-- updated_at maintenance; scaffold keeps its own function so it does not
-- depend on the foreman schema.
CREATE FUNCTION scaffold.update_updated_at()
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

CREATE TRIGGER project_outcomes_updated_at BEFORE UPDATE ON scaffold.project_outcomes
    FOR EACH ROW EXECUTE FUNCTION scaffold.update_updated_at();
