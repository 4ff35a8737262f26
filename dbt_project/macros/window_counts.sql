{#- A lateral subquery counting the rows of `relation` on a deployment's widget within its window
    [pre_window_start, post_window_end), before (pre_<name>) and from (post_<name>) deployed_at, by the
    `at` column: per window one range scan of the (widget_id, <at>) index. `windows` is the relation
    holding the window's columns; `condition` narrows the counted rows. -#}
{% macro window_counts(relation, at, name, windows='bounded_windows', condition='true') -%}
    select
        count(*) filter (where {{ relation }}.{{ at }} < {{ windows }}.deployed_at) as pre_{{ name }},
        count(*) filter (where {{ relation }}.{{ at }} >= {{ windows }}.deployed_at) as post_{{ name }}
    from {{ relation }}
    where {{ relation }}.widget_id = {{ windows }}.widget_id
      and {{ condition }}
      and {{ relation }}.{{ at }} >= {{ windows }}.pre_window_start
      and {{ relation }}.{{ at }} < {{ windows }}.post_window_end
{%- endmacro %}
