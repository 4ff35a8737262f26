-- A view: institutional_knowledge_entries is kept current by the knowledge asset, which rewrites
-- only the entries whose lineage changed; copying all of them (45 MB of text at `large`) into a
-- table every night cost 2.3 s of database time for the same rows.
{{ config(materialized='view') }}

with

entries as (

    select * from {{ ref('stg_learning__institutional_knowledge_entries') }}

),

decisions as (

    select * from {{ ref('stg_ihf__decision_records') }}

),

hubs as (

    select * from {{ ref('stg_ihf__hubs') }}

),

widgets as (

    select * from {{ ref('stg_ihf__widgets') }}

),

-- Entries whose lineage has no candidate keep null hub and widget columns.
entries_in_context as (

    select
        entries.knowledge_entry_id,
        entries.decision_id,
        decisions.outcome as decision_outcome,
        decisions.decided_at,
        entries.hub_id,
        hubs.hub_slug,
        entries.widget_id,
        widgets.widget_name,
        widgets.widget_type,
        entries.title,
        entries.summary,
        entries.body,
        entries.tags,
        coalesce(cardinality(entries.tags), 0) as tag_count,
        length(entries.body) as body_chars,
        entries.source_fingerprint,
        entries.distilled_at

    from entries
    inner join decisions on decisions.decision_id = entries.decision_id
    left join hubs on hubs.hub_id = entries.hub_id
    left join widgets on widgets.widget_id = entries.widget_id

)

select * from entries_in_context
