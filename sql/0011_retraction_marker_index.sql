-- Retraction markers by widget and time (issue #11).
--
-- Every nightly run looks up the retraction markers (event_type = 'retracted',
-- ~0.5% of interaction_events) to leave them and the events they name out of
-- the pre/post window counts: the correlation engine's deployment windows and
-- the deployment_impact mart. Without this index each lookup is a sequential
-- scan of the whole table (10M rows at `large`); the partial index holds the
-- markers only, so it stays small and cheap to maintain on insert.

SET LOCAL search_path = public;

CREATE INDEX interaction_events_retraction_markers_idx
    ON interaction_events (widget_id, occurred_at)
    WHERE event_type = 'retracted';
