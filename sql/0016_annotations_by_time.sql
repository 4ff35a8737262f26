-- Annotations by creation and by retraction time (issue #11).
--
-- An incremental nightly asks what the new day (since, as_of] added or
-- withdrew: deployments_changed_between() (sql/0014) reads the annotations
-- created or retracted in it, and it is called by each incremental asset
-- (correlation engine, int_deployment_impact, int_lineage_chain, knowledge,
-- insights). Without these indexes each call scans every annotation (1M at
-- `large`, ~0.2 s); with them it reads the day's few thousand. Retraction is
-- rare, so that index holds only the retracted rows.

SET LOCAL search_path = public;

CREATE INDEX annotations_created_at_idx ON annotations (created_at);

CREATE INDEX annotations_retracted_at_idx ON annotations (retracted_at) WHERE retracted_at IS NOT NULL;
