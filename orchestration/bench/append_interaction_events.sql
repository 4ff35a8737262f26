-- One more day of interaction events: a copy of the last day before as_of,
-- shifted one day later, with fresh ids (column default gen_random_uuid()).
-- Retraction markers keep naming the events they named (already retracted).
insert into public.interaction_events
    (widget_id, event_type, actor_id, actor_type, view_context_ref, metadata, occurred_at)
select widget_id, event_type, actor_id, actor_type, view_context_ref, metadata,
       occurred_at + interval '1 day'
  from public.interaction_events
 where occurred_at > %(as_of)s - interval '1 day'
   and occurred_at <= %(as_of)s
