-- Room for HOT updates of outcome_correlations (issue #11).
--
-- Every nightly run restamps each row with its as_of (and rewrites the values
-- that moved); the indexed columns (id, the key, deployment, widget, hub)
-- never change value. With free space on the row's page the new version is
-- heap-only and none of the table's five indexes is touched: at `large`
-- (402k rows) the nightly upsert took 26.4 s with packed pages, 20.4 s with
-- 30% free.

SET LOCAL search_path = public;

ALTER TABLE outcome_correlations SET (fillfactor = 70);
