// What a county may set for expert Q&A, read from the environment once: the agricultural hotline
// shown to an asker nobody has answered, when unanswered questions escalate, and how many
// households within how many days make an outbreak alert.

/** A positive number from the environment, or the default when unset or not one. */
function positive(name: string, fallback: number): number {
	const value = Number(process.env[name]);
	return Number.isFinite(value) && value > 0 ? value : fallback;
}

const hourMs = 60 * 60 * 1000;

export const qaSettings = {
	/** 12316 is the national agricultural hotline; a county may give its own station's number. */
	hotline: process.env.QA_HOTLINE?.trim() || '12316',
	/** Unanswered this long: every verified expert for its crop and topic is told. */
	expertsAfterMs: positive('QA_ESCALATE_EXPERTS_HOURS', 24) * hourMs,
	/** Unanswered this long: it shows on the admin's and its village cadres' consoles as 需要帮助. */
	cadresAfterMs: positive('QA_ESCALATE_CADRES_HOURS', 48) * hourMs,
	/** Different households asking (or pressing 我也遇到了) about one crop and topic in a county… */
	outbreakHouseholds: Math.max(2, Math.round(positive('QA_OUTBREAK_HOUSEHOLDS', 5))),
	/** …within this many days make an alert. */
	outbreakDays: Math.max(1, Math.round(positive('QA_OUTBREAK_DAYS', 7)))
};
