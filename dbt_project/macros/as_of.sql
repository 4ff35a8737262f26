{#- The instant every window is measured from (SPEC §10): the `as_of` var, else IHF_AS_OF, else now.
    The nightly job sets the environment variable rather than the var: a changed --vars
    forces dbt to re-parse the whole project, a changed env var only the files that read it. -#}
{% macro as_of_literal() -%}
  {{- var('as_of', '') or env_var('IHF_AS_OF', '') -}}
{%- endmacro %}

{% macro as_of() -%}
  {%- if as_of_literal() -%}
    ('{{ as_of_literal() }}'::timestamptz)
  {%- else -%}
    (now())
  {%- endif -%}
{%- endmacro %}
