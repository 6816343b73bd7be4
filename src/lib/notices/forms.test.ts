import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { commentForm, disclosureEntryForm, letterForm, noticeEditForm, noticeForm, parsePhotoChoices, readPoll, voteForm } from './forms';
import { beijingInputValue } from '$lib/form-fields';

const problem = (schema: v.GenericSchema, input: unknown) => {
	const result = v.safeParse(schema, input);
	return result.success ? null : result.issues[0].message;
};

const notice = { title: '停水通知', body: '明天停水一天。', category: 'notice', audience: 'public' };
const now = new Date('2026-05-01T00:00:00Z');
const inDays = (days: number) => beijingInputValue(new Date(now.getTime() + days * 24 * 60 * 60 * 1000));
const poll = (fields: Partial<Record<'pollQuestion' | 'pollOptions' | 'pollClosesAt', string>>) =>
	readPoll({ pollQuestion: '', pollOptions: '', pollClosesAt: inDays(7), ...fields }, now);

describe('the notice form', () => {
	it('says what is wrong with the notice first, then its table, then its poll', () => {
		const everythingWrong = { ...notice, title: '', disclosure: '2026-03-05,修路,-100', pollQuestion: '?' };
		expect(problem(noticeForm, everythingWrong)).toBe(m.error_notice_title_required());
		expect(problem(noticeForm, { ...everythingWrong, title: '停水' })).toBe(m.error_disclosure_not_affairs());
		expect(problem(noticeForm, { ...everythingWrong, title: '停水', category: 'affairs' })).toBe(m.error_poll_options_few());
	});

	it('reads a pasted table for village affairs only, and an edit ignores one (rows change one by one there)', () => {
		const affairs = { ...notice, category: 'affairs', disclosure: '2026-03-05,修路,-1200.50' };
		expect(v.parse(noticeForm, affairs).disclosure).toEqual([{ date: '2026-03-05', item: '修路', amountFen: -120050, counterparty: '', note: '' }]);
		expect(v.parse(noticeForm, { ...notice, disclosure: '\u200B \r\n' }).disclosure).toEqual([]);
		expect(problem(noticeForm, { ...affairs, disclosure: '2026-02-30,修路,-1' })).toBe(m.error_disclosure_date({ line: 1 }));
		expect(v.safeParse(noticeEditForm, { ...notice, disclosure: 'not a table' }).success).toBe(true);
	});

	it('takes pinned and important as checkboxes, and only the known categories and audiences', () => {
		expect(v.parse(noticeEditForm, { ...notice, pinned: 'on', important: 'true' })).toMatchObject({ pinned: true, important: true, poll: null });
		expect(problem(noticeForm, { ...notice, category: 'constructor' })).toBe(m.error_notice_category());
		expect(problem(noticeForm, { ...notice, audience: 'everyone' })).toBe(m.error_notice_audience());
		expect(problem(noticeForm, { title: '停水', body: '明天' })).toBe(m.error_notice_category());
		expect(problem(noticeForm, { ...notice, body: '<script>x</script>' })).toBe(m.error_notice_body_markup());
	});
});

describe('a notice poll', () => {
	it('is none when nothing is filled in, and a poll of the lines typed', () => {
		expect(poll({ pollClosesAt: '' })).toEqual({ poll: null });
		expect(poll({ pollQuestion: ' 修哪条路？ ', pollOptions: '东路\r\n\r\n 西路 \u200B' })).toEqual({
			poll: { question: '修哪条路？', options: ['东路', '西路'], closesAt: new Date(now.getTime() + 7 * 24 * 60 * 60 * 1000) }
		});
	});

	it('refuses each broken rule with its own message, at its bounds', () => {
		const ten = Array.from({ length: 10 }, (_, i) => `选项${i}`);
		expect(poll({ pollOptions: '甲\n乙' })).toEqual({ problem: m.error_poll_question_required() });
		expect(poll({ pollQuestion: '问'.repeat(101), pollOptions: '甲\n乙' })).toEqual({ problem: m.error_poll_question_long() });
		expect('poll' in poll({ pollQuestion: '问'.repeat(100), pollOptions: ten.join('\n') })).toBe(true);
		expect(poll({ pollQuestion: '问', pollOptions: [...ten, '多一个'].join('\n') })).toEqual({ problem: m.error_poll_options_many({ max: 10 }) });
		expect(poll({ pollQuestion: '问', pollOptions: `甲\n${'乙'.repeat(41)}` })).toEqual({ problem: m.error_poll_option_long() });
		expect(poll({ pollQuestion: '问', pollOptions: '甲\n甲' })).toEqual({ problem: m.error_poll_options_duplicate() });
		for (const closes of ['', '2026-05-08', '2026-13-01T10:00', '明天']) {
			expect([closes, poll({ pollQuestion: '问', pollOptions: '甲\n乙', pollClosesAt: closes })]).toEqual([closes, { problem: m.error_poll_closes_invalid() }]);
		}
		expect(poll({ pollQuestion: '问', pollOptions: '甲\n乙', pollClosesAt: inDays(0) })).toEqual({ problem: m.error_poll_closes_past() });
		expect(poll({ pollQuestion: '问', pollOptions: '甲\n乙', pollClosesAt: inDays(367) })).toEqual({ problem: m.error_poll_closes_far() });
	});

	it('reads its closing time as Beijing time', () => {
		expect(readPoll({ pollQuestion: '问', pollOptions: '甲\n乙', pollClosesAt: '2026-05-02T08:00' }, now)).toMatchObject({ poll: { closesAt: new Date('2026-05-02T00:00:00Z') } });
	});
});

describe('the other notice forms', () => {
	it('turns a row typed cell by cell into one tab-separated line, and takes a pasted table as it is', () => {
		expect(v.parse(disclosureEntryForm, { date: ' 2026-03-05 ', item: '修\t路', amount: '-12' })).toBe('2026-03-05\t修 路\t-12\t\t');
		expect(v.parse(disclosureEntryForm, { rows: 'a,b,c', item: 'ignored' })).toBe('a,b,c');
		expect(v.parse(disclosureEntryForm, { date: '\u200B' })).toBe('');
	});

	it('reads a vote as an option id, or none for anything that cannot be one (the poll then asks to choose)', () => {
		expect(v.parse(voteForm, { option: ' 12 ' })).toEqual({ option: 12 });
		for (const option of [undefined, '', '0', '-1', '1e3', '0x1f', '1.5', '2147483648', 'constructor']) {
			expect([option, v.parse(voteForm, { option })]).toEqual([option, { option: null }]);
		}
	});

	it('keeps held photos not ticked to leave out, and lists every photo ticked to leave out', () => {
		expect(parsePhotoChoices({ 'held-a': 'on', 'held-b': 'on', 'remove-b': 'on', 'remove-c': 'on', title: 'x' })).toEqual({ held: ['a'], removed: ['b', 'c'] });
	});

	it('bounds a comment at 500 characters and a letter subject to one line of single spaces', () => {
		expect(v.parse(commentForm, { body: '评'.repeat(500) }).body).toHaveLength(500);
		expect(problem(commentForm, { body: '评'.repeat(501) })).toBe(m.error_comment_long());
		expect(v.parse(letterForm, { village: ' shu ', subject: '路灯\t\t坏了\n两盏', body: '请修' })).toEqual({ village: 'shu', subject: '路灯 坏了 两盏', body: '请修' });
		expect(problem(letterForm, { subject: '路灯', body: '请修' })).toBe(m.error_letter_village_required());
	});
});
