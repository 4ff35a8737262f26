-- The deployments an incremental run from `since` to `as_of` recomputes (the
-- rules of sql/0014: the young ones, whose windows hold the new day, and those
-- the day's signals, annotations, markers and evaluations reach), and all the
-- deployments a full run for `as_of` computes.
select
    (select count(*) from deployments_changed_between(%(since)s, %(as_of)s, %(window_days)s)) as recomputed,
    (select count(*) from deployments_changed_between(null, %(as_of)s, %(window_days)s)) as deployments
