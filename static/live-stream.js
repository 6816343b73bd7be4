// @ts-check
// The live sale page's only script (the page works without it, by forms and reloading): it
// follows the sale's stream (Server-Sent Events, one per tab; the browser reconnects by itself
// and names the last event it had) and writes what arrives into the spots the page marked with
// data- attributes. Every text goes in as text, never as HTML. The words come from the page,
// rendered in the reader's language (data-*-text templates), so this file carries none.
(() => {
	const page = /** @type {HTMLElement | null} */ (document.querySelector('[data-live-sale]'));
	if (!page || typeof EventSource === 'undefined') return;
	const saleId = page.dataset.liveSale;
	const locale = page.dataset.locale || 'zh-CN';

	/** @param {string | undefined} template @param {Record<string, string | number>} values */
	const fill = (template, values) => (template || '').replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
	/** @param {string} tag @param {string} [text] @param {string} [className] */
	const el = (tag, text, className) => {
		const node = document.createElement(tag);
		if (text) node.textContent = text;
		if (className) node.className = className;
		return node;
	};
	const time = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Shanghai' });

	// The countdown to the start, every second; the stream's "state" event reloads the page when it starts.
	const countdown = /** @type {HTMLElement | null} */ (document.querySelector('[data-countdown]'));
	if (countdown) {
		const at = Date.parse(countdown.dataset.countdown || '');
		const tick = () => {
			const left = Math.max(0, Math.floor((at - Date.now()) / 1000));
			countdown.textContent = left > 0 ? fill(countdown.dataset.template, { h: Math.floor(left / 3600), m: Math.floor(left / 60) % 60, s: left % 60 }) : countdown.dataset.soonText || '';
		};
		tick();
		setInterval(tick, 1000);
	}

	const stream = new EventSource(`/live/${saleId}/events?after=${page.dataset.lastEvent || 0}`);
	/** @param {string} name @param {(data: any) => void} handle */
	const on = (name, handle) =>
		stream.addEventListener(name, (event) => {
			try {
				handle(JSON.parse(/** @type {MessageEvent} */ (event).data));
			} catch (error) {
				console.error('live stream:', name, error);
			}
		});

	const moments = document.querySelector('[data-live-moments]');
	on('moment', (data) => {
		if (!moments) return;
		moments.querySelector('[data-empty]')?.remove();
		const item = el('li');
		if (data.p) {
			const link = /** @type {HTMLAnchorElement} */ (el('a'));
			link.href = data.p.big;
			const picture = el('picture');
			const webp = /** @type {HTMLSourceElement} */ (el('source'));
			webp.type = 'image/webp';
			webp.srcset = data.p.webp;
			const img = /** @type {HTMLImageElement} */ (el('img'));
			img.src = data.p.jpeg;
			img.width = data.p.w;
			img.height = data.p.h;
			img.alt = data.t || '';
			img.loading = 'lazy';
			picture.append(webp, img);
			link.append(picture);
			item.append(link);
		}
		if (data.t) item.append(el('p', data.t, 'pre-line'));
		item.append(el('span', time.format(new Date(data.at)), 'muted'));
		moments.prepend(item);
	});

	const comments = document.querySelector('[data-live-comments]');
	on('comment', (data) => {
		if (!comments) return;
		const item = el('li');
		item.dataset.comment = String(data.id);
		item.append(el('strong', data.n), document.createTextNode(` ${data.t}`));
		comments.append(item);
		while (comments.children.length > 50) comments.firstElementChild?.remove();
	});
	on('hidden', (data) => comments?.querySelector(`[data-comment="${Number(data.id)}"]`)?.remove());

	/** @param {number} itemId @param {number} left */
	const showLeft = (itemId, left) => {
		const spot = /** @type {HTMLElement | null} */ (document.querySelector(`[data-left="${Number(itemId)}"]`));
		if (!spot) return;
		spot.textContent = left > 0 ? fill(spot.dataset.template, { count: left }) : spot.dataset.soldOutText || '';
		if (left <= 0) document.querySelector(`[data-live-item="${Number(itemId)}"] details.buy`)?.remove();
	};
	const purchases = /** @type {HTMLElement | null} */ (document.querySelector('[data-live-purchases]'));
	on('bought', (data) => {
		showLeft(data.i, data.l);
		if (!purchases) return;
		const title = document.querySelector(`[data-live-item="${Number(data.i)}"] strong`)?.textContent || '';
		purchases.prepend(el('li', fill(purchases.dataset.template, { name: data.n, quantity: data.q, title })));
		while (purchases.children.length > 10) purchases.lastElementChild?.remove();
	});
	on('left', (data) => showLeft(data.i, data.l));

	on('pinned', (data) => {
		const item = document.querySelector(`[data-live-item="${Number(data.i)}"]`);
		if (!item || !item.parentElement) return;
		for (const other of document.querySelectorAll('[data-live-item].pinned')) other.classList.remove('pinned');
		item.classList.add('pinned');
		item.parentElement.prepend(item);
	});

	const viewers = /** @type {HTMLElement | null} */ (document.querySelector('[data-live-viewers]'));
	stream.addEventListener('viewers', (event) => {
		if (!viewers) return;
		const count = Number(/** @type {MessageEvent} */ (event).data);
		// Nobody counted yet (the first count comes within 15 s): say nothing rather than "0 watching".
		viewers.hidden = count === 0;
		viewers.textContent = fill(viewers.dataset.template, { count });
	});

	// Started, ended or cancelled: what the page offers changes (the buy forms, the replay), so it is
	// fetched anew, by its own address: reloading a form's answer would send the form again.
	on('state', (data) => {
		if (data.s !== page.dataset.liveStatus) location.replace(`/live/${saleId}`);
	});
})();
