// The only script pages load (they ship no framework: csr = false). Everything
// here enhances what already works without it: the service worker (offline
// pages, the outbox), "update available", "install", and upload progress.
'use strict';

if ('serviceWorker' in navigator) {
	navigator.serviceWorker.register('/service-worker.js').then(watchForUpdate, () => {});
	// /offline shown by the worker in place of a page it could not fetch (at /offline itself it stands in for nothing).
	const standIn = location.pathname !== '/offline' && document.querySelector('[data-offline-page]');
	addEventListener('online', () => whenReachable(backOnline));
	// Shown although the browser says it is online (the server did not answer): try again a little later.
	if (standIn && navigator.onLine) setTimeout(() => whenReachable(backOnline), 3000);
	addEventListener('offline', refreshSlots);
	// A page restored from the back-forward cache shows the outbox as it was when it was left.
	addEventListener('pageshow', (event) => event.persisted && refreshSlots());
	navigator.serviceWorker.addEventListener('message', (event) => {
		if (event.data?.type === 'outbox-changed') refreshSlots();
	});
	let reloading = false;
	navigator.serviceWorker.addEventListener('controllerchange', () => {
		if (reloading) location.reload();
	});

	/**
	 * "Online" is the browser's guess (a network interface is up); the server
	 * answering is what counts. Asks it, less and less often, while the browser
	 * still says online.
	 */
	async function whenReachable(then, wait = 2000) {
		if (!navigator.onLine) return;
		const answered = await fetch('/api/health', { cache: 'no-store' }).then((response) => response.ok, () => false);
		if (answered) then();
		else setTimeout(() => whenReachable(then, Math.min(wait * 2, 60_000)), wait);
	}

	function backOnline() {
		// /offline stood in for a page that could not be fetched: fetch it now (by GET, so a form that could not be sent is not sent behind the villager's back).
		if (standIn) return location.replace(location.pathname + location.search);
		// Send what waits in the outbox now rather than at the next page load; the worker says when it has changed.
		navigator.serviceWorker.controller?.postMessage({ type: 'replay' });
		refreshSlots();
	}

	/**
	 * The worker writes the outbox badge and list and a saved copy's mark into
	 * pages at spots marked by an attribute (src/service-worker/html.ts); an open
	 * page asks it for them afresh and swaps them in, so it never keeps saying
	 * "offline" or "waiting" after that stopped being true.
	 */
	function refreshSlots() {
		const worker = navigator.serviceWorker.controller;
		if (!worker) return;
		const channel = new MessageChannel();
		channel.port1.onmessage = ({ data }) => {
			for (const [attribute, html] of Object.entries(data)) {
				for (const spot of document.querySelectorAll(`[${attribute}]`)) spot.outerHTML = html;
			}
		};
		const savedAt = document.querySelector('[data-saved-at]')?.getAttribute('data-saved-at');
		worker.postMessage({ type: 'slots', locale: document.documentElement.lang, online: navigator.onLine, savedAt }, [channel.port2]);
	}

	/** A new version waits until the villager chooses to reload, so nothing they are typing is lost. */
	function offerUpdate(worker) {
		const banner = document.getElementById('update-banner');
		if (!banner) return;
		banner.hidden = false;
		banner.querySelector('button').onclick = () => {
			reloading = true;
			worker.postMessage({ type: 'skip-waiting' });
		};
	}

	function watchForUpdate(registration) {
		if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration.waiting);
		registration.addEventListener('updatefound', () => {
			const worker = registration.installing;
			worker?.addEventListener('statechange', () => {
				if (worker.state === 'installed' && navigator.serviceWorker.controller) offerUpdate(worker);
			});
		});
	}
}

// Chromium offers installation through this event; /me shows the button only then.
addEventListener('beforeinstallprompt', (event) => {
	const box = document.querySelector('[data-install]');
	if (!box) return;
	event.preventDefault();
	box.hidden = false;
	box.querySelector('button').onclick = async () => {
		event.prompt();
		await event.userChoice;
		box.hidden = true;
	};
});

// Photo uploads show how far they have got; offline, the form posts as usual and the worker keeps it in the outbox.
for (const form of document.querySelectorAll('form[data-upload]')) {
	form.addEventListener('submit', (event) => {
		if (!navigator.onLine) return;
		event.preventDefault();
		const submitter = event.submitter;
		const bar = document.createElement('progress');
		bar.className = 'upload-progress';
		bar.max = 100;
		bar.value = 0;
		form.append(bar);
		if (submitter) submitter.disabled = true;
		const request = new XMLHttpRequest();
		request.upload.onprogress = (progress) => {
			if (progress.lengthComputable) bar.value = Math.round((progress.loaded / progress.total) * 100);
		};
		request.onload = () => {
			history.pushState(null, '', request.responseURL);
			document.open();
			document.write(request.responseText);
			document.close();
		};
		request.onerror = () => {
			// The network dropped mid-upload: post the plain form (same idempotency key, so at most one write).
			bar.remove();
			if (submitter) submitter.disabled = false;
			HTMLFormElement.prototype.submit.call(form);
		};
		request.open('POST', form.action);
		request.setRequestHeader('accept', 'text/html');
		request.send(new FormData(form, submitter));
	});
}
