{#-
    unique_combination_of_columns: no two rows share the same values in all the
    given columns (a composite key, e.g. [domain, pattern_key, window_end]).

    A failure means the model's grain is broken: some key combination appears
    more than once (a fan-out join or a duplicated load). Each failing row is one
    duplicated combination with its row count in `n_records`. Rows with NULL in
    a key column take part like any other value (NULLs group together).

    Usage (dbt 1.11):
      data_tests:
        - unique_combination_of_columns:
            arguments: {combination_of_columns: [annotation_id, deployment_id]}
-#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

{%- set columns_csv = combination_of_columns | join(', ') %}

select
    {{ columns_csv }},
    count(*) as n_records
from {{ model }}
group by {{ columns_csv }}
having count(*) > 1

{% endtest %}
