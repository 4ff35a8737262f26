{#-
    relationships_by_lookup: like dbt's `relationships`, every non-null value of the
    column is present in `field` of `to` - for a child of few rows (e.g. the last days'
    retraction markers) and a parent far too large to read whole (10M events).

    The built-in test is a left join, which the planner may run as a hash join over the
    whole parent (5.2 s at `large`); here each child value is looked up through the
    parent's index (0.1 s). `offset 0` keeps the lookup a per-row subplan. On a large
    child, prefer `relationships`.

    A failure means a child value names no parent row; the values are returned.

    Usage (dbt 1.11):
      data_tests:
        - relationships_by_lookup:
            arguments: {to: ref('stg_ihf__interaction_events'), field: event_id}
-#}
{% test relationships_by_lookup(model, column_name, to, field) %}

with child as (
    select {{ column_name }} as from_field
    from {{ model }}
    where {{ column_name }} is not null
)

select from_field
from child
where not exists (
    select 1
    from {{ to }} as parent
    where parent.{{ field }} = child.from_field
    offset 0
)

{% endtest %}
