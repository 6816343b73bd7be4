// What the ledger downloads share: a refusal as plain text in the reader's language, and the
// project a project's download is of (its village's whole chain, so that it verifies).
import * as m from '$lib/paraglide/messages';
import { parseId } from '$lib/form-fields';
import { findProject, villageLedger } from '$lib/server/charity';
import type { LedgerFile } from '$lib/charity/ledger-verify.js';

// A copy a minute old is as checkable as a fresh one: every entry carries its own proof.
export const ledgerCacheControl = 'public, max-age=60';

export const notFound = (message: string): Response => new Response(message, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** The project named by the address and its village's ledger, or the 404 to answer with. */
export async function projectLedger(id: string): Promise<{ projectId: number; file: LedgerFile } | Response> {
	const projectId = parseId(id);
	const project = projectId === null ? undefined : await findProject(projectId);
	const file = project && (await villageLedger(project.villageSlug));
	if (!project || !file) return notFound(m.charity_error_project_not_found());
	return { projectId: project.id, file };
}
