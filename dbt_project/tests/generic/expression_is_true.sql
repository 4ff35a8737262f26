{#-
    expression_is_true: a SQL boolean expression holds for every row of the model
    (or, with column_name, `<column> <expression>` holds, e.g. expression '>= 0').

    A failure means at least one row breaks the stated invariant, e.g. counts that
    no longer add up to the sample size or a confidence bound above its estimate;
    the offending rows are returned. As in dbt_utils, a row where the expression
    is NULL passes: guard nullable columns with `coalesce` or `is not distinct from`
    when NULL must fail too.

    Usage (dbt 1.11):
      data_tests:
        - expression_is_true:
            arguments: {expression: "success_count + failure_count + neutral_count = sample_size"}
            config: {where: "sample_size > 0"}
-#}
{% test expression_is_true(model, expression, column_name=none) %}

select *
from {{ model }}
{% if column_name is none -%}
where not ({{ expression }})
{%- else -%}
where not ({{ column_name }} {{ expression }})
{%- endif %}

{% endtest %}
