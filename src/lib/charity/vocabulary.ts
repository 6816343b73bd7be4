// Charity's fixed vocabularies and limits: stored in its tables, checked by its forms.
import { entryKinds, type EntryKind } from './ledger-verify.js';

/** What a project is for. */
export const projectCategories = ['infrastructure', 'farming', 'elder_care', 'produce_sales', 'events', 'other'] as const;
export type ProjectCategory = (typeof projectCategories)[number];

/** draft → fundraising → in_progress → completed, or closed from any of the first three. */
export const projectStates = ['draft', 'fundraising', 'in_progress', 'completed', 'closed'] as const;
export type ProjectState = (typeof projectStates)[number];

/** Where each state may go next: forward one step, or closed before completion. */
export const projectNextStates: Record<ProjectState, readonly ProjectState[]> = {
	draft: ['fundraising', 'closed'],
	fundraising: ['in_progress', 'closed'],
	in_progress: ['completed', 'closed'],
	completed: [],
	closed: []
};

/** What a gift is: cash enters the balance; goods and volunteer hours are recorded beside it, never in it. */
export const giftKinds = ['money', 'goods', 'hours'] as const;
export type GiftKind = (typeof giftKinds)[number];

/** How a pledge reaches the village (the manual payment provider); goods and hours are handed over. */
export const giftMethods = ['bank_transfer', 'cash', 'in_kind'] as const;
export type GiftMethod = (typeof giftMethods)[number];

/** A pledge until a cadre confirms it arrived (only then is it in the ledger), or cancelled. */
export const giftStates = ['pledged', 'confirmed', 'cancelled'] as const;
export type GiftState = (typeof giftStates)[number];

/**
 * proposed → approved (by another cadre; then the 公示 notice period) → paid (in the ledger);
 * or rejected by a cadre or the admin, or withdrawn by the proposer, before it is paid.
 */
export const disbursementStates = ['proposed', 'approved', 'paid', 'rejected', 'withdrawn'] as const;
export type DisbursementState = (typeof disbursementStates)[number];

export { entryKinds, type EntryKind };

/** ¥1–¥50,000 a cash gift. */
export const giftLimitsFen = { min: 100, max: 5_000_000 } as const;
/** The 公示 notice period, in days: 3 unless the approving cadre sets another. */
export const noticeDays = { min: 0, max: 7, standard: 3 } as const;

/**
 * The public label of an anonymous gift, as the ledger records it (the ledger's text is the
 * village's language; pages show their reader's word for it from the gift's `anonymous`).
 */
export const anonymousDonorLabel = '爱心人士';
