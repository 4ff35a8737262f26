-- outcome_correlation_values keeps the foreign keys that do work (issue #11).
--
-- The engine copies decision_id, widget_id and hub_id from the deployment's
-- lineage (SPEC §5: D = d.decision_id, widget = C.source_widget_id, its hub).
-- Their keys never act: while a row exists its deployment and candidate do
-- (their keys below cascade), and deployment_records.decision_id,
-- requirement_candidates.source_widget_id and widgets.hub_id reference the
-- decision, widget and hub ON DELETE RESTRICT. The keys on annotation_id,
-- deployment_id and candidate_id stay: their cascades remove rows (deleting a
-- candidate only sets its decisions' candidate_id to NULL, so the row's own
-- key is what removes it).
--
-- Each key is a parent probe and row lock per written row: the first run's
-- 402k rows at `large` took 52.5 / 57.3 s with six keys, 36.8 / 39.9 s with
-- three, and 32.6 / 35.8 s also without the three indexes dropped below, which
-- served only the dropped keys' cascades (no reader filters on those columns).

SET LOCAL search_path = public;

ALTER TABLE outcome_correlation_values
    DROP CONSTRAINT outcome_correlations_decision_id_fkey,
    DROP CONSTRAINT outcome_correlations_widget_id_fkey,
    DROP CONSTRAINT outcome_correlations_hub_id_fkey;

DROP INDEX outcome_correlations_decision_id_idx;
DROP INDEX outcome_correlations_widget_id_idx;
DROP INDEX outcome_correlations_hub_id_idx;
