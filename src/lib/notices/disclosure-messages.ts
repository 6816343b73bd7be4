import * as m from '$lib/paraglide/messages';
import { maxDisclosureRows, type DisclosureProblem } from '$lib/notices/disclosure';

/** What is wrong with a pasted table, naming the line, in the user's language. */
export function disclosureProblemMessage(problem: DisclosureProblem, line: number): string {
	switch (problem) {
		case 'columns':
			return m.error_disclosure_columns({ line });
		case 'date':
			return m.error_disclosure_date({ line });
		case 'item':
			return m.error_disclosure_item({ line });
		case 'amount':
			return m.error_disclosure_amount({ line });
		case 'too_long':
			return m.error_disclosure_cell_long({ line });
		case 'too_many':
			return m.error_disclosure_many({ max: maxDisclosureRows });
	}
}
