import { desc, eq } from 'drizzle-orm';
import * as m from '$lib/paraglide/messages';
import type { Locale } from '$lib/paraglide/runtime';
import { alias, auditLog, db, users, type Tx } from '$lib/server/platform/db';
import { auditAction, findAuditAction, type AuditDetail } from './actions';

export { registerAuditActions, registeredAuditActions, auditAction, type AuditAction, type AuditDetail, type AuditTextInput } from './actions';

export type AuditInput = {
	actorId: number;
	villageId: number | null;
	/** A name some pillar registered with its text (registerAuditActions). */
	action: string;
	subjectUserId?: number | null;
	detail?: AuditDetail;
};

/**
 * Written in the transaction of the action it records, so the log never shows what did not happen.
 * An action no pillar registered is refused before anything is written: the log could not say it.
 */
export async function recordAudit(tx: Tx, entry: AuditInput, now = new Date()): Promise<void> {
	auditAction(entry.action);
	await tx.insert(auditLog).values({ ...entry, subjectUserId: entry.subjectUserId ?? null, detail: entry.detail ?? {}, at: now });
}

/** One line of the committee's log, its words made on the server in the reader's language. */
export type AuditLine = {
	id: number;
	at: Date;
	text: string;
};

const actor = alias(users, 'actor');
const subject = alias(users, 'subject');

export async function listVillageAudit(villageId: number, locale: Locale, limit = 50): Promise<AuditLine[]> {
	const rows = await db
		.select({
			id: auditLog.id,
			at: auditLog.at,
			action: auditLog.action,
			actorName: actor.displayName,
			subjectName: subject.displayName,
			detail: auditLog.detail
		})
		.from(auditLog)
		.leftJoin(actor, eq(actor.id, auditLog.actorId))
		.leftJoin(subject, eq(subject.id, auditLog.subjectUserId))
		.where(eq(auditLog.villageId, villageId))
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		.limit(limit);
	const someone = m.audit_someone({}, { locale });
	return rows.map((row) => ({
		id: row.id,
		at: row.at,
		// An action since removed still shows as its name rather than vanishing from the record.
		text: findAuditAction(row.action)?.text({ actor: row.actorName ?? someone, subject: row.subjectName ?? someone, detail: row.detail ?? {} }, locale) ?? row.action
	}));
}
