-- This run's detections per insight type.
select insight_type, count(*)
from detected_insights
group by insight_type
order by insight_type
