-- The as_of and window the asset's table was last computed for; the row lock
-- queues a concurrent run of the same asset until this one commits, so each
-- starts from the state the other left.
SELECT as_of, window_days
FROM learning_runs
WHERE asset_name = %(asset_name)s
FOR UPDATE
