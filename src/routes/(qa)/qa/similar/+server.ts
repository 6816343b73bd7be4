// The questions like a title being typed, for static/qa-similar.js: a few titles, a few KB.
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { similarQuestions } from '$lib/server/qa';
import { normalizeLine } from '$lib/typed-text';
import { titleLength } from '$lib/qa/vocabulary';

export const GET: RequestHandler = async ({ url }) => {
	const title = [...normalizeLine(url.searchParams.get('q') ?? '')].slice(0, titleLength.max).join('').trim();
	const found = title ? await similarQuestions(title) : [];
	return json(
		found.map(({ id, title, answerCount, accepted }) => ({ id, title, answerCount, accepted })),
		// What was asked a moment ago is worth as much as what is asked now.
		{ headers: { 'cache-control': 'private, max-age=60' } }
	);
};
