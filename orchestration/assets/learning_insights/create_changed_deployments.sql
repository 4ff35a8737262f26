-- The deployments whose regression can differ from the previous run's (since): the rules
-- of sql/0014 cover a regression's inputs (signals, high/critical annotations created or
-- retracted after an improved signal, new deployments); since NULL gives every deployment.
create temp table changed_deployments on commit drop as
select deployment_id
from deployments_changed_between(%(since)s, %(as_of)s, %(window_days)s)
