-- A village's ledger is append-only (docs/ledger.md): a mistake is corrected by a reversal entry,
-- never by changing or removing one, whoever asks, the app or someone at the SQL prompt.
CREATE FUNCTION ledger_entries_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'ledger entries are never changed or deleted: record a reversal' USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION ledger_entries_refuse();
--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION ledger_entries_refuse();
--> statement-breakpoint
-- SQLite has no TRUNCATE; here it would skip the row triggers.
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_refuse();
