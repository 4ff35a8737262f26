-- One more day of annotations: a copy of the last day before as_of, shifted one
-- day later (retractions too), fresh ids, same widgets, threads and parents.
insert into public.annotations
    (widget_id, parent_id, body, category, severity, thread_id, actor_id, actor_type,
     widget_state_ref, retracted_at, created_at)
select widget_id, parent_id, body, category, severity, thread_id, actor_id, actor_type,
       widget_state_ref, retracted_at + interval '1 day', created_at + interval '1 day'
  from public.annotations
 where created_at > %(as_of)s - interval '1 day'
   and created_at <= %(as_of)s
