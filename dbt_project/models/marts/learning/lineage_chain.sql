-- The full lineage chain at as_of: the incrementally maintained rows of int_lineage_chain,
-- which all hold for this as_of. A view, so that a new as_of rewrites no row.
{{ config(materialized='view') }}

select
    chain.*,
    {{ as_of() }} as as_of
from {{ ref('int_lineage_chain') }} as chain
