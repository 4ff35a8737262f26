{#-
    accepted_range: every non-null value of the column lies in [min_value, max_value]
    (or the open interval when inclusive=false); either bound may be omitted.

    A failure means some rows hold a value outside the range the column promises,
    e.g. a rate above 1, a negative count or a rating outside 1-5: the upstream
    computation or the source data is wrong. The failing rows are returned.
    NULLs are not checked here; add `not_null` for that.

    Usage (dbt 1.11):
      data_tests:
        - accepted_range:
            arguments: {min_value: 0, max_value: 1, inclusive: true}
-#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}

{%- if min_value is none and max_value is none -%}
    {{ exceptions.raise_compiler_error("accepted_range on " ~ model ~ "." ~ column_name ~ " needs min_value and/or max_value") }}
{%- endif -%}

select *
from {{ model }}
where
    {{ column_name }} is not null
    and (
        false
        {%- if min_value is not none %}
        or {{ column_name }} {{ '<' if inclusive else '<=' }} {{ min_value }}
        {%- endif %}
        {%- if max_value is not none %}
        or {{ column_name }} {{ '>' if inclusive else '>=' }} {{ max_value }}
        {%- endif %}
    )

{% endtest %}
