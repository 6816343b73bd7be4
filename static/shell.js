// The only script pages load (they ship no framework: csr = false). Everything
// here enhances what already works without it: the service worker (offline
// pages, the outbox), "update available", "install", and upload progress.
'use strict';

if ('serviceWorker' in navigator) {
	navigator.serviceWorker.register('/service-worker.js').then(watchForUpdate, () => {});
	// Back online: send what waits in the outbox now rather than at the next page load.
	addEventListener('online', () => navigator.serviceWorker.controller?.postMessage({ type: 'replay' }));
	let reloading = false;
	navigator.serviceWorker.addEventListener('controllerchange', () => {
		if (reloading) location.reload();
	});

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
