// The one Chromium an e2e run shares, launched by each project's global setup.
import { chromium, type BrowserServer } from 'playwright-core';
import { chromiumLaunchOptions } from '../../../scripts/start-test-server.js';

export async function launchChromium(): Promise<BrowserServer> {
	// Playwright gives each launch its own fresh, temporary --user-data-dir unless we pass one.
	// Its websocket defaults to `localhost`, which may be ::1 or more: pin it to 127.0.0.1.
	const options = chromiumLaunchOptions();
	if (options.args?.some((arg) => arg.startsWith('--user-data-dir'))) {
		throw new Error('Leave --user-data-dir to Playwright: it makes a fresh profile per launch.');
	}
	return chromium.launchServer({ ...options, host: '127.0.0.1' });
}
