-- Rows with a negative window length or window count: the subtraction of
-- uncounted (retracted) events from the window totals went wrong.
SELECT annotation_id, deployment_id
FROM outcome_correlations
WHERE window_days < 0
   OR pre_annotations < 0 OR post_annotations < 0
   OR pre_events < 0 OR post_events < 0
ORDER BY annotation_id, deployment_id
