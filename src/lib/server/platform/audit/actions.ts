import type { Locale } from '$lib/paraglide/runtime';
import { createRegistry } from '../registry';

export type AuditDetail = Record<string, string | number | null>;

/** What one line of the log knows: who did it, to whom, and the action's own detail. */
export type AuditTextInput = {
	/** The actor's display name, or words for a deleted account. */
	actor: string;
	subject: string;
	detail: AuditDetail;
};

/** How one action reads in the committee's log, made in the reader's language. */
export type AuditAction = {
	text: (line: AuditTextInput, locale: Locale) => string;
};

const actions = createRegistry<AuditAction>('Audit action');

/** Each pillar registers the actions it records, with how they read, when its code loads. */
export const registerAuditActions = (added: Record<string, AuditAction>): void => actions.register(added);

export const auditAction = (name: string): AuditAction => actions.require(name);

export const findAuditAction = (name: string): AuditAction | undefined => actions.find(name);

export const registeredAuditActions = (): string[] => actions.names();
