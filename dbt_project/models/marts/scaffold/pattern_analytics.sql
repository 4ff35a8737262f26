{#-
    The seed's `pattern_analytics` materialized view (seed 004, §3) as a mart,
    with exactly its columns, computed as of as_of instead of NOW(): projects
    created ≤ as_of, feedback submitted ≤ as_of.

    One deliberate difference: the view counted builds over the project ×
    feedback join, so a project with k feedback rows counted k builds. Here
    build counts are per project and feedback metrics per feedback row.
    last_activity uses a project's updated_at when that is ≤ as_of, else its
    created_at (a later update is not visible at as_of).
-#}
with

projects as (

    select * from {{ ref('stg_scaffold__project_outcomes') }}
    where created_at <= {{ as_of() }}

),

feedback as (

    select * from {{ ref('stg_scaffold__user_feedback') }}
    where submitted_at <= {{ as_of() }}

),

project_metrics as (

    select
        pattern_id,
        pattern_name,
        count(distinct project_outcome_id) as total_projects,
        count(distinct project_outcome_id) filter (
            where created_at >= {{ as_of() }} - make_interval(hours => 24 * 30)
        ) as projects_last_30_days,
        count(distinct project_outcome_id) filter (
            where created_at >= {{ as_of() }} - make_interval(hours => 24 * 7)
        ) as projects_last_7_days,
        count(*) filter (where last_build_status = 'success') as successful_builds,
        count(*) filter (where last_build_status = 'failure') as failed_builds,
        round(
            100.0 * count(*) filter (where last_build_status = 'success')
            / nullif(count(*) filter (where last_build_status is not null), 0),
            2
        ) as build_success_rate,
        max(case when updated_at <= {{ as_of() }} then updated_at else created_at end) as last_activity
    from projects
    group by pattern_id, pattern_name

),

feedback_metrics as (

    select
        projects.pattern_id,
        projects.pattern_name,
        count(distinct feedback.feedback_id) as feedback_count,
        round(avg(feedback.overall_satisfaction), 2) as avg_satisfaction,
        round(avg(feedback.pattern_usefulness), 2) as avg_usefulness,
        round(avg(feedback.likelihood_to_reuse), 2) as avg_nps,
        count(*) filter (where feedback.would_recommend = true) as recommendation_count,
        round(avg(feedback.time_to_first_build_seconds) / 60.0, 2) as avg_time_to_build_minutes
    from projects
    inner join feedback on feedback.project_outcome_id = projects.project_outcome_id
    group by projects.pattern_id, projects.pattern_name

),

pattern_analytics as (

    select
        project_metrics.pattern_id,
        project_metrics.pattern_name,
        project_metrics.total_projects,
        project_metrics.projects_last_30_days,
        project_metrics.projects_last_7_days,
        project_metrics.successful_builds,
        project_metrics.failed_builds,
        project_metrics.build_success_rate,
        coalesce(feedback_metrics.feedback_count, 0) as feedback_count,
        feedback_metrics.avg_satisfaction,
        feedback_metrics.avg_usefulness,
        feedback_metrics.avg_nps,
        coalesce(feedback_metrics.recommendation_count, 0) as recommendation_count,
        feedback_metrics.avg_time_to_build_minutes,
        project_metrics.last_activity
    from project_metrics
    left join feedback_metrics
        on feedback_metrics.pattern_id = project_metrics.pattern_id
        and feedback_metrics.pattern_name = project_metrics.pattern_name

)

select * from pattern_analytics
