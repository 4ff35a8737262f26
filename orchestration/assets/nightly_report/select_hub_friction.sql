-- One hub's widgets by friction score against their effective threshold.
select widget_name, widget_type, friction_score, threshold, threshold_scope, threshold_ratio,
       flagged, open_candidate_count, recommended_action
from analytics.widget_friction
where hub_id::text = %(hub_id)s::text
order by friction_score desc, widget_name
