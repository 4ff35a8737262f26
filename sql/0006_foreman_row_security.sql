-- Foreman tenant isolation (seed 003 §5, "future" row-level security).
--
-- The tenant is the session setting ihf.organisation_id, e.g.
--   SET ihf.organisation_id = '<organisation uuid>';
-- or set_config('ihf.organisation_id', '<uuid>', true) for one transaction.
-- Programs carry organisation_id; waves and tasks belong to their program's
-- organisation.
--
-- Who is affected: RLS is enabled but not FORCEd, so the table owner,
-- superusers and BYPASSRLS roles bypass it and see every organisation. The
-- policies restrict every other role, e.g. a tenant-scoped role granted
-- access to schema foreman. For such a role, while ihf.organisation_id is
-- unset (or empty) the policies match nothing: it sees no rows and can write
-- none. A non-owner role that must see all tenants (a pipeline role) needs
-- BYPASSRLS or a permissive policy of its own.

CREATE FUNCTION foreman.current_organisation_id()
RETURNS UUID
LANGUAGE sql STABLE
AS $$
    SELECT nullif(current_setting('ihf.organisation_id', true), '')::UUID
$$;

ALTER TABLE foreman.programs ENABLE ROW LEVEL SECURITY;
ALTER TABLE foreman.waves ENABLE ROW LEVEL SECURITY;
ALTER TABLE foreman.tasks ENABLE ROW LEVEL SECURITY;

CREATE POLICY org_isolation ON foreman.programs
    USING (organisation_id = foreman.current_organisation_id())
    WITH CHECK (organisation_id = foreman.current_organisation_id());

CREATE POLICY org_isolation ON foreman.waves
    USING (EXISTS (SELECT 1
                     FROM foreman.programs AS p
                    WHERE p.program_id = waves.program_id
                      AND p.organisation_id = foreman.current_organisation_id()))
    WITH CHECK (EXISTS (SELECT 1
                          FROM foreman.programs AS p
                         WHERE p.program_id = waves.program_id
                           AND p.organisation_id = foreman.current_organisation_id()));

CREATE POLICY org_isolation ON foreman.tasks
    USING (EXISTS (SELECT 1
                     FROM foreman.waves AS w
                     JOIN foreman.programs AS p ON p.program_id = w.program_id
                    WHERE w.wave_id = tasks.wave_id
                      AND p.organisation_id = foreman.current_organisation_id()))
    WITH CHECK (EXISTS (SELECT 1
                          FROM foreman.waves AS w
                          JOIN foreman.programs AS p ON p.program_id = w.program_id
                         WHERE w.wave_id = tasks.wave_id
                           AND p.organisation_id = foreman.current_organisation_id()));
