-- Room for HOT updates of outcome_summary (issue #5).
--
-- The lineage trigger and backfill rewrite decision_records.outcome_summary
-- and requirement_candidates.outcome_summary in place, and no index covers
-- that column. With free space on the row's own page PostgreSQL writes the
-- new version there as a heap-only tuple and skips every index; on a packed
-- page it must insert into all of the table's indexes (six on candidates).
-- Leaving a fifth of each page free keeps those rewrites heap-only. Applies
-- to pages written from now on (a fresh or newly loaded database; an existing
-- one after VACUUM FULL).

SET LOCAL search_path = public;

ALTER TABLE decision_records SET (fillfactor = 80);
ALTER TABLE requirement_candidates SET (fillfactor = 80);
