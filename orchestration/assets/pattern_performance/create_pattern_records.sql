-- One pattern_performance_records row per (domain, pattern_key) for as_of,
-- from pattern_units (SPEC §7.2, §10):
--   sample_size = success + failure + neutral (inconclusive units kept apart);
--   success_rate with Wilson score bounds (z = 1.96), NULL when the sample is 0:
--     (s + z²/2 ± z·√(s(n−s)/n + z²/4)) / (n + z²), exactly 0 / 1 at s = 0 / n
--     (orchestration.lib.stats.wilson_interval is the same formula);
--   avg_score: ihf mean evaluation score, foreman median minutes (mean of
--   the two middle values for an even count), scaffold mean satisfaction of
--   the units' feedback submitted <= as_of;
--   tier against the domain's pooled rate Σ successes / Σ sample sizes.
-- Parameters: as_of (timestamptz), pattern_window_days (365).
CREATE TEMP TABLE computed_pattern_records ON COMMIT DROP AS
WITH
params AS (
    SELECT %(as_of)s::timestamptz AS as_of,
           %(as_of)s::timestamptz - make_interval(hours => 24 * %(pattern_window_days)s::int) AS window_start,
           1.96::float8 AS z
),

scaffold_feedback_scores AS (
    SELECT u.pattern_key, avg(f.overall_satisfaction)::float8 AS avg_score
    FROM pattern_units AS u
    JOIN scaffold.user_feedback AS f ON f.project_outcome_id = u.project_outcome_id
    CROSS JOIN params AS p
    WHERE u.domain = 'scaffold'
      AND f.submitted_at <= p.as_of
    GROUP BY u.pattern_key
),

patterns AS (
    SELECT
        u.domain,
        u.pattern_key,
        -- one set of parts per key (scaffold names could differ between projects)
        (array_agg(u.attributes ORDER BY u.attributes))[1] AS attributes,
        count(*) FILTER (WHERE u.result = 'success')::int AS success_count,
        count(*) FILTER (WHERE u.result = 'failure')::int AS failure_count,
        count(*) FILTER (WHERE u.result = 'neutral')::int AS neutral_count,
        count(*) FILTER (WHERE u.result = 'inconclusive')::int AS inconclusive_count,
        CASE u.domain
            WHEN 'ihf' THEN avg(u.score)
            WHEN 'foreman' THEN percentile_cont(0.5) WITHIN GROUP (ORDER BY u.score)
        END AS unit_score
    FROM pattern_units AS u
    GROUP BY u.domain, u.pattern_key
),

rates AS (
    SELECT
        pt.*,
        pt.success_count + pt.failure_count + pt.neutral_count AS sample_size,
        coalesce(pt.unit_score, sfs.avg_score) AS avg_score
    FROM patterns AS pt
    LEFT JOIN scaffold_feedback_scores AS sfs ON sfs.pattern_key = pt.pattern_key
),

bounded AS (
    SELECT
        r.*,
        CASE WHEN r.sample_size > 0 THEN r.success_count::float8 / r.sample_size END AS success_rate,
        CASE WHEN r.sample_size > 0 THEN r.failure_count::float8 / r.sample_size END AS failure_rate,
        CASE
            WHEN r.sample_size = 0 THEN NULL
            WHEN r.success_count = 0 THEN 0::float8
            ELSE (r.success_count + p.z * p.z / 2
                  - p.z * sqrt(r.success_count::float8 * (r.sample_size - r.success_count) / r.sample_size + p.z * p.z / 4))
                 / (r.sample_size + p.z * p.z)
        END AS success_ci_low,
        CASE
            WHEN r.sample_size = 0 THEN NULL
            WHEN r.success_count = r.sample_size THEN 1::float8
            ELSE (r.success_count + p.z * p.z / 2
                  + p.z * sqrt(r.success_count::float8 * (r.sample_size - r.success_count) / r.sample_size + p.z * p.z / 4))
                 / (r.sample_size + p.z * p.z)
        END AS success_ci_high,
        sum(r.success_count) OVER (PARTITION BY r.domain)::float8
            / nullif(sum(r.sample_size) OVER (PARTITION BY r.domain), 0) AS pooled_success_rate
    FROM rates AS r
    CROSS JOIN params AS p
)

SELECT
    b.domain, b.pattern_key, b.attributes,
    p.window_start, p.as_of AS window_end,
    b.sample_size, b.success_count, b.failure_count, b.neutral_count, b.inconclusive_count,
    b.success_rate, b.success_ci_low, b.success_ci_high, b.failure_rate, b.avg_score,
    b.pooled_success_rate,
    CASE
        WHEN b.sample_size = 0 OR b.pooled_success_rate IS NULL THEN 'typical'
        WHEN b.success_ci_low > b.pooled_success_rate THEN 'outperforming'
        WHEN b.success_ci_high < b.pooled_success_rate THEN 'underperforming'
        ELSE 'typical'
    END AS tier
FROM bounded AS b
CROSS JOIN params AS p
