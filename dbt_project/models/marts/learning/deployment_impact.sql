-- Deployment impact at as_of: the incrementally maintained rows of int_deployment_impact,
-- which all hold for this as_of. A view, so that a new as_of rewrites no row.
{{ config(materialized='view') }}

select
    impact.*,
    {{ as_of() }} as as_of
from {{ ref('int_deployment_impact') }} as impact
