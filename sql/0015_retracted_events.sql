-- The events retraction markers name, resolved once (issue #11).
--
-- A retraction marker (interaction event of type 'retracted') names the event
-- it withdraws in metadata.retracted_event_id. Every pre/post window count
-- leaves out the markers and the events they name (SPEC §10), so each nightly
-- run resolved every marker of the whole history by primary-key lookup into
-- interaction_events, in the correlation engine and again in
-- int_deployment_impact: 50k random reads at `large` (1.7 s warm, 6.4 s cold
-- in int_deployment_impact alone), growing with history. Events are
-- immutable, so a resolution never changes: it is kept here, and
-- refresh_retracted_events() adds only the markers not yet seen.
--
-- Markers are found by set difference, not by time, so a marker that arrives
-- late (occurred_at before the last run) is still picked up. A marker whose
-- event is not there yet (or never: an orphan, or metadata naming no uuid)
-- stays unresolved and is looked up again on the next refresh.

SET LOCAL search_path = public;

CREATE TABLE retracted_events (
    marker_id UUID PRIMARY KEY,              -- the marker event (interaction_events.id)
    marker_widget_id UUID NOT NULL,
    marker_occurred_at TIMESTAMPTZ NOT NULL, -- the retraction counts at t >= this instant
    named_event_id UUID,                     -- NULL: the metadata names no uuid
    named_widget_id UUID,                    -- NULL: the named event is not (yet) in interaction_events
    named_occurred_at TIMESTAMPTZ,
    CHECK ((named_widget_id IS NULL) = (named_occurred_at IS NULL)),
    CHECK (named_widget_id IS NULL OR named_event_id IS NOT NULL)
);

COMMENT ON TABLE retracted_events IS
    'One row per retraction marker with the event it names, resolved by refresh_retracted_events().';

-- The markers' ids come from the partial index alone (index-only scan): the
-- existing index on (widget_id, occurred_at) now carries the id as well.
DROP INDEX interaction_events_retraction_markers_idx;
CREATE INDEX interaction_events_retraction_markers_idx
    ON interaction_events (widget_id, occurred_at) INCLUDE (id)
    WHERE event_type = 'retracted';

-- Adds the markers not yet recorded and resolves the recorded ones whose named
-- event has arrived since; returns how many rows it added or resolved. Safe
-- to run concurrently (a marker another session just added is skipped).
CREATE FUNCTION refresh_retracted_events()
RETURNS INTEGER
LANGUAGE plpgsql
SET search_path = public
AS $$
DECLARE
    v_added INTEGER;
    v_resolved INTEGER;
BEGIN
    -- the same reading of metadata.retracted_event_id as stg_ihf__interaction_events
    INSERT INTO retracted_events
        (marker_id, marker_widget_id, marker_occurred_at, named_event_id, named_widget_id, named_occurred_at)
    SELECT m.id, m.widget_id, m.occurred_at, m.named_event_id, e.widget_id, e.occurred_at
    FROM (
        SELECT new_markers.id, new_markers.widget_id, new_markers.occurred_at,
               CASE
                   WHEN btrim(new_markers.metadata ->> 'retracted_event_id')
                        ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                   THEN btrim(new_markers.metadata ->> 'retracted_event_id')::uuid
               END AS named_event_id
        FROM interaction_events AS new_markers
        WHERE new_markers.event_type = 'retracted'
          AND NOT EXISTS (SELECT 1 FROM retracted_events AS r WHERE r.marker_id = new_markers.id)
    ) AS m
    LEFT JOIN interaction_events AS e ON e.id = m.named_event_id
    ON CONFLICT (marker_id) DO NOTHING;
    GET DIAGNOSTICS v_added = ROW_COUNT;

    UPDATE retracted_events AS r
       SET named_widget_id = e.widget_id, named_occurred_at = e.occurred_at
      FROM interaction_events AS e
     WHERE r.named_widget_id IS NULL
       AND r.named_event_id IS NOT NULL
       AND e.id = r.named_event_id;
    GET DIAGNOSTICS v_resolved = ROW_COUNT;
    RETURN v_added + v_resolved;
END;
$$;

SELECT refresh_retracted_events();
