-- A village's ledger is append-only (docs/ledger.md): a mistake is corrected by a reversal entry,
-- never by changing or removing one, whoever asks, the app or someone at the SQL prompt.
CREATE TRIGGER `ledger_entries_no_update` BEFORE UPDATE ON `ledger_entries` BEGIN
	SELECT RAISE(ABORT, 'ledger entries are never changed: record a reversal');
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_entries_no_delete` BEFORE DELETE ON `ledger_entries` BEGIN
	SELECT RAISE(ABORT, 'ledger entries are never deleted: record a reversal');
END;
