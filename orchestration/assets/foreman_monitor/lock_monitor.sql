-- One monitor pass at a time: a second run waits here until the first commits,
-- then sees its blockers (READ COMMITTED takes a new snapshot per statement).
-- The partial unique index blockers_one_open_stall_key is the backstop.
select pg_advisory_xact_lock(hashtext('foreman_monitor'))
