// Live sales' fixed vocabularies: stored in their tables, shown by their pages.

/** scheduled → live → ended; scheduled or live → cancelled (a live sale that never happened, or was stopped without a replay). */
export const liveStatuses = ['scheduled', 'live', 'ended', 'cancelled'] as const;
export type LiveStatus = (typeof liveStatuses)[number];

/**
 * What a live sale's stream carries, each kept as a row so a viewer who reconnects gets what
 * they missed (`Last-Event-ID`): a moment posted, a comment, a comment hidden, a purchase (with
 * the units left), a flash cap changed, a product pinned, the sale started or ended.
 */
export const liveEventKinds = ['moment', 'comment', 'hidden', 'bought', 'cap', 'pinned', 'state'] as const;
export type LiveEventKind = (typeof liveEventKinds)[number];

/** Featured products one live sale may carry: a phone screen of buy forms, not a catalogue. */
export const maxLiveItems = 8;
/** A live sale that was never ended is ended this long after its planned end. */
export const overrunMs = 4 * 60 * 60 * 1000;
/** The longest a live sale may be planned for. */
export const maxLiveDurationMs = 12 * 60 * 60 * 1000;
