-- What this run detects: one row per (insight_type, subject_key), filled by the detect_*.sql files.
create temp table detected_insights (
    insight_type text not null,
    subject_type text not null,
    subject_key text not null,
    hub_id uuid,
    severity text not null,
    title text not null,
    detail jsonb not null,
    primary key (insight_type, subject_key)
) on commit drop
