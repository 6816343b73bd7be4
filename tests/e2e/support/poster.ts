// What every printable poster must do on paper: the whole sheet on one A4 page, QR code included.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** In print media on an A4 page less its 15 mm margins (180 x 267 mm at 96 dpi): the whole sheet, code included, on one page. */
export async function fitsOnePage(page: Page): Promise<void> {
	await page.setViewportSize({ width: 680, height: 1009 });
	const sheet = (await page.locator('.sheet').boundingBox())!;
	const scan = (await page.locator('.sheet .scan').boundingBox())!;
	const code = (await page.locator('.sheet .code svg').boundingBox())!;
	expect(sheet.y + sheet.height).toBeLessThanOrEqual(1009);
	expect(scan.y + scan.height).toBeLessThanOrEqual(sheet.y + sheet.height + 1);
	// At least 6 cm wide on paper: scannable from a step back.
	expect(code.width).toBeGreaterThan(220);
}
