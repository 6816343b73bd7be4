// @ts-check
// The verify page's only script (a receipt code is looked up without it): checks a whole ledger in
// the browser, a file the person chose or the village ledger of the receipt they looked up, with
// the one verifier the server writes with and `node scripts/verify-ledger.js` checks with, served
// as it is (data-module); a copy here could drift from it. For a receipt it also says where the
// gift's entry is in the checked chain and which checkpoint seals it. Opened from a checkpoint
// poster's code, it checks the poster's village ledger at once and whether it still has the
// poster's hash at the poster's length, as `verify-ledger.js --extends` does. Every text goes in
// as text; the words come from the page's data-words.
(() => {
	const root = /** @type {HTMLElement | null} */ (document.querySelector('[data-verify]'));
	const result = /** @type {HTMLElement | null} */ (root && root.querySelector('[data-verify-result]'));
	const fileInput = /** @type {HTMLInputElement | null} */ (root && root.querySelector('[data-verify-file]'));
	if (!root || !result || !fileInput) return;
	const villageButton = /** @type {HTMLButtonElement | null} */ (root.querySelector('[data-verify-village]'));
	const posterBox = /** @type {HTMLElement | null} */ (document.querySelector('[data-verify-poster]'));
	const posterResult = /** @type {HTMLElement | null} */ (posterBox && posterBox.querySelector('[data-verify-result]'));
	const posterButton = /** @type {HTMLButtonElement | null} */ (posterBox && posterBox.querySelector('[data-verify-poster-run]'));
	const words = JSON.parse(root.dataset.words || '{}');
	const locale = root.dataset.locale || 'zh-CN';
	const counts = new Intl.NumberFormat(locale);
	const yuan = new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', currencyDisplay: 'symbol' });

	root.hidden = false;
	if (posterBox) posterBox.hidden = false;
	for (const note of document.querySelectorAll('[data-verify-nojs]')) /** @type {HTMLElement} */ (note).hidden = true;

	/** @param {string} template @param {Record<string, string | number>} values */
	const fill = (template, values) => template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
	/** @param {string} tag @param {string} [text] @param {string} [className] */
	const element = (tag, text, className) => {
		const made = document.createElement(tag);
		if (text !== undefined) made.textContent = text;
		if (className) made.className = className;
		return made;
	};
	/** @param {string} text @param {boolean} ok */
	const message = (text, ok) => {
		const shown = element('p', text, `message ${ok ? 'ok' : 'error'}`);
		shown.setAttribute('role', ok ? 'status' : 'alert');
		return shown;
	};
	/** @param {boolean} busy */
	const setBusy = (busy) => {
		fileInput.disabled = busy;
		if (villageButton) villageButton.disabled = busy;
		if (posterButton) posterButton.disabled = busy;
	};

	// Web Crypto exists only on https (and localhost); Ed25519 came to browsers in 2025.
	if (!globalThis.crypto || !crypto.subtle) {
		(posterResult ?? result).replaceChildren(message(words.unsupported, false));
		setBusy(true);
		return;
	}
	/** @type {Promise<typeof import('../src/lib/charity/ledger-verify.js')> | null} */
	let loading = null;
	const verifier = () => {
		loading ??= (async () => {
			await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
			return import(/** @type {string} */ (root.dataset.module));
		})();
		loading.catch(() => (loading = null));
		return loading;
	};

	/**
	 * Where the receipt's entry is in the checked part of the chain, and the first checkpoint
	 * after it there: the checkpoint's signature covers the chain with the entry in it.
	 * @param {any} ledger @param {number} checked @param {string} receipt
	 */
	const inclusion = (ledger, checked, receipt) => {
		const entries = /** @type {any[]} */ (ledger.entries).slice(0, checked);
		const at = entries.findIndex((entry) => entry.receipt === receipt);
		if (at < 0) return null;
		const seal = entries.slice(at + 1).find((entry) => entry.kind === 'checkpoint');
		return seal ? fill(words.included, { seq: at + 1, checkpoint: seal.seq }) : fill(words.includedUnsealed, { seq: at + 1 });
	};

	/**
	 * Whether the checked ledger still has the poster's hash at the poster's length: the whole
	 * chain verified, so entry n's hash stands for entries 1 to n as they are in this file.
	 * @param {any} ledger @param {number} entries @param {{ length: number, head: string }} claim
	 */
	const extension = (ledger, entries, claim) => {
		const entry = /** @type {any[]} */ (ledger.entries)[claim.length - 1];
		const values = { entries: counts.format(entries), length: counts.format(claim.length) };
		const said = !entry ? message(fill(words.poster.shorter, values), false) : entry.hash === claim.head ? message(fill(words.poster.ok, values), true) : message(fill(words.poster.differs, values), false);
		said.dataset.poster = !entry ? 'shorter' : entry.hash === claim.head ? 'extends' : 'differs';
		return said;
	};

	/**
	 * Checks the ledger `read` gives (the parsed file, or throws `unreadable` or `fetchFailed`) and
	 * says so in `into`; with a poster's `claim`, also whether the ledger extends it.
	 * @param {() => Promise<unknown>} read @param {HTMLElement} into @param {{ length: number, head: string }} [claim]
	 */
	const check = async (read, into = result, claim) => {
		/** @param {Node[]} parts */
		const show = (...parts) => into.replaceChildren(...parts);
		setBusy(true);
		show(element('p', words.checking, 'muted'));
		try {
			let module;
			try {
				module = await verifier();
			} catch {
				return show(message(words.unsupported, false));
			}
			let ledger;
			try {
				ledger = await read();
			} catch (error) {
				return show(message(error instanceof Error && error.message === 'fetch' ? words.fetchFailed : words.unreadable, false));
			}
			const outcome = await module.verifyLedger(ledger);
			/** @type {Node[]} */
			const parts = [];
			if (outcome.problem) {
				const said = message(fill(words.bad, { good: counts.format(outcome.entries) }), false);
				said.append(element('span', fill(words.problems[outcome.problem.code], { seq: outcome.problem.seq ?? '' }), 'problem'));
				said.dataset.problemSeq = String(outcome.problem.seq ?? '');
				parts.push(said);
			} else if (claim) parts.push(extension(ledger, outcome.entries, claim));
			else parts.push(message(fill(words.ok, { entries: counts.format(outcome.entries), checkpoints: counts.format(outcome.checkpoints) }), true));
			const code = root.dataset.code;
			if (code && !claim && outcome.entries > 0) {
				const found = inclusion(ledger, outcome.entries, await module.receiptHash(code));
				if (found) parts.push(message(found, true));
				else if (!outcome.problem) parts.push(message(words.notIncluded, false));
			}
			// A ledger that does not hold has no totals worth showing: the verdict names what is wrong.
			if (!outcome.problem) parts.push(facts(/** @type {any} */ (ledger), outcome));
			show(...parts);
			// On a small screen the verdict lands below the fold: bring it up (the poster's, just into view, under its claim).
			into.scrollIntoView({ block: claim ? 'nearest' : 'start' });
		} finally {
			setBusy(false);
		}
	};

	/** @param {any} ledger @param {import('../src/lib/charity/ledger-verify.js').LedgerCheck} outcome */
	const facts = (ledger, outcome) => {
		const list = element('dl', undefined, 'facts');
		/** @param {string} term @param {Node | string} detail @param {string} [className] */
		const add = (term, detail, className) => {
			const dd = element('dd', undefined, className);
			dd.append(detail);
			list.append(element('dt', term, className?.includes('wide') ? 'wide' : undefined), dd);
		};
		add(words.village, String(ledger.village.name ?? ledger.village.slug));
		add(words.entries, counts.format(outcome.entries));
		add(words.checkpoints, counts.format(outcome.checkpoints));
		add(words.head, outcome.head, 'wide hash');
		const balances = element('ul');
		for (const [project, fen] of Object.entries(outcome.balances)) {
			const line = element('li');
			const link = /** @type {HTMLAnchorElement} */ (element('a', fill(words.project, { id: project })));
			link.href = `/charity/${encodeURIComponent(project)}`;
			line.append(link, ' ', element('span', yuan.format(fen / 100).replace('CN¥', '¥'), 'money'));
			balances.append(line);
		}
		if (balances.childElementCount > 0) add(words.balances, balances, 'wide');
		return list;
	};

	fileInput.addEventListener('change', () => {
		const file = fileInput.files && fileInput.files[0];
		if (file) void check(async () => JSON.parse(await file.text()));
	});
	/** @param {string} url */
	const download = async (url) => {
		let response;
		try {
			response = await fetch(url, { credentials: 'same-origin' });
		} catch {
			throw new Error('fetch');
		}
		if (!response.ok) throw new Error('fetch');
		return response.json();
	};
	villageButton?.addEventListener('click', () => void check(() => download(/** @type {string} */ (root.dataset.ledger))));
	// The code on the poster was scanned to check it: the check starts at once, and may be run again.
	if (posterBox && posterResult) {
		const claim = { length: Number(posterBox.dataset.length), head: String(posterBox.dataset.head) };
		const checkPoster = () => void check(() => download(/** @type {string} */ (posterBox.dataset.ledger)), posterResult, claim);
		posterButton?.addEventListener('click', checkPoster);
		checkPoster();
	}
})();
