import { desc, eq } from 'drizzle-orm';
import { alias, auditLog, db, users, type Tx } from '$lib/server/platform/db';

export type AuditAction =
	| 'village.created'
	| 'cadre.appointed'
	| 'join_code.issued'
	| 'join_code.revoked'
	| 'join_code.redeemed'
	| 'membership.revoked'
	| 'notice.published'
	| 'notice.drafted'
	| 'notice.edited'
	| 'notice.deleted'
	| 'notice.table_changed'
	| 'comment.hidden'
	| 'letter.answered'
	| 'product.listed'
	| 'product.drafted'
	| 'product.edited'
	| 'product.status_changed';

export type AuditInput = {
	actorId: number;
	villageId: number | null;
	action: AuditAction;
	subjectUserId?: number | null;
	detail?: Record<string, string | number | null>;
};

/** Written in the transaction of the action it records, so the log never shows what did not happen. */
export async function recordAudit(tx: Tx, entry: AuditInput, now = new Date()): Promise<void> {
	await tx.insert(auditLog).values({ ...entry, subjectUserId: entry.subjectUserId ?? null, detail: entry.detail ?? {}, at: now });
}

export type AuditLine = {
	id: number;
	at: Date;
	action: string;
	actorName: string | null;
	subjectName: string | null;
	detail: Record<string, string | number | null> | null;
};

const actor = alias(users, 'actor');
const subject = alias(users, 'subject');

export function listVillageAudit(villageId: number, limit = 50): Promise<AuditLine[]> {
	return db
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
}
