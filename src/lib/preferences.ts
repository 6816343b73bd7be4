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

export function resolveDataSaver(setting: DataSaverSetting, saveDataHeader: string | null): boolean {
	if (setting === 'auto') return saveDataHeader?.trim().toLowerCase() === 'on';
	return setting === 'on';
}

/** Classes on <html> that the stylesheet keys on. */
export function htmlClasses(prefs: Preferences): string {
	return [prefs.easyMode && 'easy', prefs.savingData && 'data-saver'].filter(Boolean).join(' ');
}
