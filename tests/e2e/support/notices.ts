// Helpers for the notice board's tests.

/** A `datetime-local` value a week from now, in Beijing time as the form reads it. */
export const nextWeek = () => new Date(Date.now() + (7 * 24 + 8) * 60 * 60 * 1000).toISOString().slice(0, 16);
