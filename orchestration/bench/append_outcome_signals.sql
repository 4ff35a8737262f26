-- One more day of outcome signals: a copy of the last day before as_of, shifted
-- one day later, fresh ids. One multi-row INSERT, so the statement trigger
-- trg_enrich_lineage refreshes each affected decision's outcome_summary once.
insert into public.outcome_signals (widget_id, deployment_id, signal_type, value, observed_at)
select widget_id, deployment_id, signal_type, value, observed_at + interval '1 day'
  from public.outcome_signals
 where observed_at > %(as_of)s - interval '1 day'
   and observed_at <= %(as_of)s
