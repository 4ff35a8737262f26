-- Whether a run for an as_of after since touched a regression row (a run for an earlier
-- as_of may have been recorded since): then the rows do not hold since's state.
select exists (
    select 1
    from learning_insights
    where insight_type = 'regression' and greatest(last_detected_at, resolved_at) > %(since)s
)
