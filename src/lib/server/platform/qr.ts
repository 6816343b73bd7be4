import QRCode from 'qrcode';

/** An inline SVG QR code: no image request, prints sharp on paper. */
export function qrSvg(text: string): Promise<string> {
	return QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
}
