{#- The as_of of the previous nightly whose incremental models this run extends (IHF_INCREMENTAL_SINCE,
    set by the nightly job); empty: recompute every row. -#}
{% macro incremental_since() -%}
  {{- env_var('IHF_INCREMENTAL_SINCE', '') -}}
{%- endmacro %}

{#- In an incremental run, the ids of the deployments whose rows the time since the previous run can
    change (sql/0014_deployments_changed_between.sql); else none is filtered out. -#}
{% macro changed_deployments_only(deployment_id) -%}
  {%- if is_incremental() and incremental_since() -%}
    {{ deployment_id }} in (
        select deployment_id
        from {{ source('ihf_lineage', 'deployment_lineage').schema }}.deployments_changed_between(
            '{{ incremental_since() }}'::timestamptz, {{ as_of() }}, {{ var('window_days') }})
    )
  {%- else -%}
    true
  {%- endif -%}
{%- endmacro %}
