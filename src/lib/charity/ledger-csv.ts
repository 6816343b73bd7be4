// A project's entries of its village's ledger as CSV, for a spreadsheet: every column of the
// entry, the hashes included, so a row can be compared with the JSON a verifier checked.
import * as m from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { toCsv } from '$lib/csv';
import { formatDateTime } from '$lib/format';
import { entryKindLabel } from './labels';
import type { LedgerFile } from './ledger-verify.js';

export function ledgerCsv(file: LedgerFile, projectId: number, locale: Locale): string {
	const header = [
		m.charity_csv_seq({}, { locale }),
		m.charity_csv_time({}, { locale }),
		m.charity_csv_kind({}, { locale }),
		m.charity_csv_amount({}, { locale }),
		m.charity_csv_donor({}, { locale }),
		m.charity_csv_label({}, { locale }),
		m.charity_csv_approvers({}, { locale }),
		m.charity_csv_receipts({}, { locale }),
		m.charity_csv_reverses({}, { locale }),
		m.charity_csv_hash({}, { locale }),
		m.charity_csv_prev({}, { locale })
	];
	const rows = file.entries
		.filter((entry) => entry.project === projectId)
		.map((entry) => [
			entry.seq,
			formatDateTime(new Date(entry.at), locale),
			entryKindLabel(entry.kind, locale),
			// Yuan as a number the spreadsheet can sum; fen are whole, so this is exact to the cent.
			entry.amountFen / 100,
			entry.donor ?? '',
			entry.label,
			entry.approvers.join('、'),
			entry.receipts.join(' '),
			entry.reverses === null ? '' : entry.reverses,
			entry.hash,
			entry.prev
		]);
	return toCsv([header, ...rows]);
}
