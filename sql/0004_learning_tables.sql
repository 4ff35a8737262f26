-- Phase 12 learning tables (seed 002; output contracts in SPEC §7.7).
--
-- All of them are derived by the nightly learning job and can be rebuilt:
-- a row derived from an IHF record is deleted with it (ON DELETE CASCADE);
-- mere context references (a knowledge entry's hub and widget) are SET NULL.
-- Rates and ratios are double precision; every timestamp is timestamptz.

SET LOCAL search_path = public;

-- §7.1 One row per (source annotation, deployment of its candidate).
CREATE TABLE outcome_correlations (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    annotation_id UUID NOT NULL REFERENCES annotations (id) ON DELETE CASCADE,
    deployment_id UUID NOT NULL REFERENCES deployment_records (id) ON DELETE CASCADE,
    decision_id UUID NOT NULL REFERENCES decision_records (id) ON DELETE CASCADE,
    candidate_id UUID NOT NULL REFERENCES requirement_candidates (id) ON DELETE CASCADE,
    widget_id UUID NOT NULL REFERENCES widgets (id) ON DELETE CASCADE,
    hub_id UUID NOT NULL REFERENCES hubs (id) ON DELETE CASCADE,
    annotation_category TEXT NOT NULL,
    annotation_severity TEXT NOT NULL,
    -- the deployment outcome (SPEC §5); NULL when the deployment has no signal
    signal_outcome TEXT
        CHECK (signal_outcome IN ('improved', 'regressed', 'neutral', 'inconclusive')),
    window_days DOUBLE PRECISION NOT NULL CHECK (window_days >= 0), -- L, fractional days
    pre_annotations INTEGER NOT NULL CHECK (pre_annotations >= 0),
    post_annotations INTEGER NOT NULL CHECK (post_annotations >= 0),
    pre_events INTEGER NOT NULL CHECK (pre_events >= 0),
    post_events INTEGER NOT NULL CHECK (post_events >= 0),
    friction_rate_ratio DOUBLE PRECISION NOT NULL,
    rate_ratio_ci_low DOUBLE PRECISION NOT NULL,
    rate_ratio_ci_high DOUBLE PRECISION NOT NULL,
    measured_effect TEXT NOT NULL
        CHECK (measured_effect IN ('reduced', 'increased', 'unchanged', 'insufficient')),
    regression_detected BOOLEAN NOT NULL,
    correlation_type TEXT NOT NULL
        CHECK (correlation_type IN ('positive', 'negative', 'neutral', 'inconclusive')),
    as_of TIMESTAMPTZ NOT NULL,
    computed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT outcome_correlations_annotation_id_deployment_id_key UNIQUE (annotation_id, deployment_id)
);

-- Foreign keys used by cascades and by per-deployment / widget / hub reads.
CREATE INDEX outcome_correlations_deployment_id_idx ON outcome_correlations (deployment_id);
CREATE INDEX outcome_correlations_decision_id_idx ON outcome_correlations (decision_id);
CREATE INDEX outcome_correlations_candidate_id_idx ON outcome_correlations (candidate_id);
CREATE INDEX outcome_correlations_widget_id_idx ON outcome_correlations (widget_id);
CREATE INDEX outcome_correlations_hub_id_idx ON outcome_correlations (hub_id);

-- §7.2 One record per (domain, pattern_key, as_of).
CREATE TABLE pattern_performance_records (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    domain TEXT NOT NULL CHECK (domain IN ('ihf', 'foreman', 'scaffold')),
    pattern_key TEXT NOT NULL, -- keeps the domain prefix, e.g. 'ihf:friction/button'
    attributes JSONB NOT NULL DEFAULT '{}',
    window_start TIMESTAMPTZ NOT NULL,
    window_end TIMESTAMPTZ NOT NULL, -- = as_of
    sample_size INTEGER NOT NULL,
    success_count INTEGER NOT NULL CHECK (success_count >= 0),
    failure_count INTEGER NOT NULL CHECK (failure_count >= 0),
    neutral_count INTEGER NOT NULL CHECK (neutral_count >= 0),
    inconclusive_count INTEGER NOT NULL CHECK (inconclusive_count >= 0),
    -- NULL when the sample is 0; Wilson 95% bounds are left unchecked (float
    -- rounding can put a bound a hair outside [0, 1])
    success_rate DOUBLE PRECISION CHECK (success_rate BETWEEN 0 AND 1),
    success_ci_low DOUBLE PRECISION,
    success_ci_high DOUBLE PRECISION,
    failure_rate DOUBLE PRECISION CHECK (failure_rate BETWEEN 0 AND 1),
    avg_score DOUBLE PRECISION,
    tier TEXT NOT NULL CHECK (tier IN ('outperforming', 'typical', 'underperforming')),
    computed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT pattern_performance_records_domain_pattern_key_window_end_key
        UNIQUE (domain, pattern_key, window_end),
    CONSTRAINT pattern_performance_records_pattern_key_prefix_check
        CHECK (starts_with(pattern_key, domain || ':')),
    CONSTRAINT pattern_performance_records_sample_size_check
        CHECK (sample_size = success_count + failure_count + neutral_count),
    CONSTRAINT pattern_performance_records_window_check
        CHECK (window_start <= window_end)
);

-- Pooled domain rates and tiers read all records of one domain at one as_of.
CREATE INDEX pattern_performance_records_domain_window_end_idx
    ON pattern_performance_records (domain, window_end);

-- §7.3 Calibration history: a new calibration appends a row, never rewrites.
CREATE TABLE adaptive_threshold_configs (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    scope_hub_id UUID REFERENCES hubs (id) ON DELETE CASCADE, -- NULL = global
    metric TEXT NOT NULL DEFAULT 'friction_score',
    threshold DOUBLE PRECISION NOT NULL CHECK (threshold >= 0),
    weights JSONB NOT NULL DEFAULT '{}',
    -- NULL for an insufficient_data row
    precision DOUBLE PRECISION CHECK (precision BETWEEN 0 AND 1),
    recall DOUBLE PRECISION CHECK (recall BETWEEN 0 AND 1),
    f1 DOUBLE PRECISION CHECK (f1 BETWEEN 0 AND 1),
    sample_size INTEGER NOT NULL DEFAULT 0 CHECK (sample_size >= 0),
    positives INTEGER NOT NULL DEFAULT 0 CHECK (positives >= 0),
    status TEXT NOT NULL CHECK (status IN ('active', 'superseded', 'insufficient_data')),
    previous_threshold DOUBLE PRECISION NOT NULL, -- effective threshold before this run
    as_of TIMESTAMPTZ NOT NULL,
    calibrated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per (scope, metric, as_of). NULL scope means global, and NULLs are
-- never equal in a plain unique constraint (NULLS NOT DISTINCT needs PG 15+),
-- hence the COALESCE to the nil UUID. Upsert with
--   ON CONFLICT ((COALESCE(scope_hub_id, '00000000-0000-0000-0000-000000000000'::uuid)), metric, as_of)
CREATE UNIQUE INDEX adaptive_threshold_configs_scope_metric_as_of_key
    ON adaptive_threshold_configs (
        (COALESCE(scope_hub_id, '00000000-0000-0000-0000-000000000000'::uuid)), metric, as_of);

-- At most one active row per (scope, metric): supersede the old row before
-- inserting the new active one (unique indexes are checked per statement).
CREATE UNIQUE INDEX adaptive_threshold_configs_one_active_key
    ON adaptive_threshold_configs (
        (COALESCE(scope_hub_id, '00000000-0000-0000-0000-000000000000'::uuid)), metric)
    WHERE status = 'active';

-- §7.4 One knowledge entry per decision record.
CREATE TABLE institutional_knowledge_entries (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    decision_id UUID NOT NULL REFERENCES decision_records (id) ON DELETE CASCADE,
    -- context of the decision; NULL when its lineage has no candidate
    hub_id UUID REFERENCES hubs (id) ON DELETE SET NULL,
    widget_id UUID REFERENCES widgets (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    tags TEXT[] NOT NULL DEFAULT '{}',
    source_fingerprint TEXT NOT NULL, -- hash of the lineage; rebuild only when it changes
    search_vector TSVECTOR NOT NULL, -- title weight A, summary B, body C ('english')
    distilled_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT institutional_knowledge_entries_decision_id_key UNIQUE (decision_id)
);

CREATE INDEX institutional_knowledge_entries_search_vector_idx
    ON institutional_knowledge_entries USING GIN (search_vector);
CREATE INDEX institutional_knowledge_entries_tags_idx
    ON institutional_knowledge_entries USING GIN (tags);
CREATE INDEX institutional_knowledge_entries_hub_id_idx ON institutional_knowledge_entries (hub_id);

-- §7.5 One insight per (type, subject); re-detection updates it in place.
CREATE TABLE learning_insights (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    insight_type TEXT NOT NULL CHECK (insight_type IN (
        'regression',
        'recurring_friction',
        'friction_hotspot',
        'pattern_outperforming',
        'pattern_underperforming',
        'threshold_shift'
    )),
    subject_type TEXT NOT NULL,
    -- widget / deployment / hub id as text, '<domain>:<pattern_key>', or 'global'
    subject_key TEXT NOT NULL,
    hub_id UUID REFERENCES hubs (id) ON DELETE CASCADE,
    severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    title TEXT NOT NULL,
    detail JSONB NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    first_detected_at TIMESTAMPTZ NOT NULL,
    last_detected_at TIMESTAMPTZ NOT NULL,
    resolved_at TIMESTAMPTZ,
    CONSTRAINT learning_insights_insight_type_subject_key_key UNIQUE (insight_type, subject_key),
    CONSTRAINT learning_insights_detected_check CHECK (last_detected_at >= first_detected_at),
    CONSTRAINT learning_insights_resolved_check
        CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);

CREATE INDEX learning_insights_open_idx ON learning_insights (insight_type) WHERE status = 'open';
CREATE INDEX learning_insights_hub_id_idx ON learning_insights (hub_id);

-- §6 Lineage enrichment targets, maintained by 0005. NULL while no outcome
-- signal reaches the row.
ALTER TABLE decision_records ADD COLUMN outcome_summary JSONB;
ALTER TABLE requirement_candidates ADD COLUMN outcome_summary JSONB;
