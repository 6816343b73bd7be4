/** How pages are shaped for this person: chosen in /me, kept per account or, for visitors, in a cookie. */
export type DataSaverSetting = 'auto' | 'on' | 'off';

export type Preferences = {
	easyMode: boolean;
	dataSaver: DataSaverSetting;
	/** What data saver resolves to for this request ('auto' follows the browser's Save-Data hint). */
	savingData: boolean;
};

export const preferencesCookie = 'vs_prefs';

/** Reads the visitor cookie, e.g. `easy=1&saver=on`; anything unexpected falls back to defaults. */
export function parsePreferencesCookie(value: string | undefined): Omit<Preferences, 'savingData'> {
	const params = new URLSearchParams(value ?? '');
	const saver = params.get('saver');
	return {
		easyMode: params.get('easy') === '1',
		dataSaver: saver === 'on' || saver === 'off' ? saver : 'auto'
	};
}

export function formatPreferencesCookie(prefs: Omit<Preferences, 'savingData'>): string {
	return new URLSearchParams({ easy: prefs.easyMode ? '1' : '0', saver: prefs.dataSaver }).toString();
}

/** Connection estimates (the ECT client hint) on which 'auto' saves data: 3G or slower. */
const slowConnections = new Set(['slow-2g', '2g', '3g']);

/** 'auto' saves data when the browser asks to (Save-Data: on) or reports a 2G/3G connection (ECT). */
export function resolveDataSaver(setting: DataSaverSetting, headers: Headers): boolean {
	if (setting !== 'auto') return setting === 'on';
	return headers.get('save-data')?.trim().toLowerCase() === 'on' || slowConnections.has(headers.get('ect')?.trim().toLowerCase() ?? '');
}

/**
 * How many items a list shows per page: half as many in data-saver mode, so
 * each page costs half the bytes. Feeds use the default of 20.
 */
export function listLength(prefs: Pick<Preferences, 'savingData'>, full = 20): number {
	return prefs.savingData ? Math.ceil(full / 2) : full;
}

/** Classes on <html> that the stylesheet keys on. */
export function htmlClasses(prefs: Preferences): string {
	return [prefs.easyMode && 'easy', prefs.savingData && 'data-saver'].filter(Boolean).join(' ');
}
