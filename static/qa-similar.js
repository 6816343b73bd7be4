// @ts-check
// The asking page's only script (the page works without it: the server lists similar questions
// before a title is first posted). While the title is typed it asks /qa/similar, at most once per
// pause, and lists what others asked; the form then names the title as looked at, so posting it
// skips the server's step. Every text goes in as text; the words come from the page's data-*.
(() => {
	const form = /** @type {HTMLFormElement | null} */ (document.querySelector('[data-qa-ask]'));
	const source = /** @type {HTMLInputElement | null} */ (form && form.querySelector('[data-similar-source]'));
	const list = /** @type {HTMLElement | null} */ (form && form.querySelector('[data-similar-list]'));
	const looked = /** @type {HTMLInputElement | null} */ (form && form.querySelector('[data-looked]'));
	if (!form || !source || !list || !looked || typeof fetch === 'undefined') return;

	/** @param {string | undefined} template @param {number} count */
	const fill = (template, count) => (template || '').replace('{count}', String(count));
	let timer = 0;
	let asked = '';
	/** @type {AbortController | null} */
	let pending = null;

	/** @param {{ id: number, title: string, answerCount: number, accepted: boolean }[]} found @param {string} title */
	const show = (found, title) => {
		list.replaceChildren();
		looked.value = title;
		list.hidden = found.length === 0;
		if (found.length === 0) return;
		const heading = document.createElement('p');
		heading.className = 'muted';
		heading.textContent = list.dataset.heading || '';
		const items = document.createElement('ul');
		for (const question of found) {
			const item = document.createElement('li');
			const link = document.createElement('a');
			link.href = `/qa/${question.id}`;
			link.target = '_blank';
			link.textContent = question.title;
			const state = document.createElement('span');
			state.className = 'muted';
			state.textContent = ` · ${question.accepted ? list.dataset.accepted : question.answerCount > 0 ? fill(list.dataset.answers, question.answerCount) : list.dataset.unanswered}`;
			item.append(link, state);
			items.append(item);
		}
		list.append(heading, items);
	};

	const ask = async () => {
		const title = source.value.trim();
		if (title === asked) return;
		asked = title;
		pending?.abort();
		if ([...title].length < 2) return show([], '');
		pending = new AbortController();
		try {
			const response = await fetch(`/qa/similar?q=${encodeURIComponent(title)}`, { signal: pending.signal });
			if (response.ok) show(await response.json(), title);
		} catch {
			// Offline or cancelled: the server looks when the form is posted.
		}
	};

	source.addEventListener('input', () => {
		clearTimeout(timer);
		timer = window.setTimeout(ask, 400);
	});
})();
