-- The asset's table now holds the computation for this as_of and window.
INSERT INTO learning_runs AS r (asset_name, as_of, window_days, completed_at)
VALUES (%(asset_name)s, %(as_of)s, %(window_days)s, now())
ON CONFLICT (asset_name) DO UPDATE SET
    as_of = excluded.as_of,
    window_days = excluded.window_days,
    completed_at = excluded.completed_at
