{#- One count per listed value of `column`, side by side (a pivot, as dbt_utils.pivot would give):
    count(*) filter (where <column> = '<value>') as <prefix><value><suffix>, a hyphen in a value
    becoming an underscore in its column name. No trailing comma. -#}
{% macro count_each(column, values, prefix='', suffix='') -%}
  {%- for value in values -%}
    {%- if not loop.first %},
        {% endif -%}
    count(*) filter (where {{ column }} = '{{ value }}') as {{ prefix }}{{ value | replace('-', '_') }}{{ suffix }}
  {%- endfor -%}
{%- endmacro %}
