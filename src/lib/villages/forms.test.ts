import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { appointmentForm, joinCodeForm, villageForm } from './forms';

const problem = (schema: v.GenericSchema, input: unknown) => {
	const result = v.safeParse(schema, input);
	return result.success ? null : result.issues[0].message;
};

const village = { name: '舒王庄', slug: 'shuwangzhuang', county: '巨野县' };

describe('village forms', () => {
	it('takes a slug of 1 to 40 lower-case letters, digits and inner dashes, lower-casing what was typed', () => {
		expect(v.parse(villageForm, { ...village, slug: ' Shu-Wang ' }).slug).toBe('shu-wang');
		expect(v.parse(villageForm, { ...village, slug: 'a' }).slug).toBe('a');
		expect(v.parse(villageForm, { ...village, slug: 'a'.repeat(40) }).slug).toBe('a'.repeat(40));
		expect(problem(villageForm, { name: '舒王庄', county: '巨野县' })).toBe(m.error_village_slug_format());
		for (const slug of ['', 'a'.repeat(41), '-shu', 'shu-', 'shu wang', 'shu_wang', '舒王庄', '../admin']) {
			expect([slug, problem(villageForm, { ...village, slug })]).toEqual([slug, m.error_village_slug_format()]);
		}
	});

	it('bounds the name, county and story, and leaves the story optional', () => {
		expect(v.parse(villageForm, village).story).toBe('');
		expect(problem(villageForm, { ...village, name: '\u200B' })).toBe(m.error_village_name_required());
		expect(problem(villageForm, { ...village, name: '村'.repeat(41) })).toBe(m.error_village_name_long());
		expect(problem(villageForm, { ...village, county: '' })).toBe(m.error_county_required());
		expect(problem(villageForm, { ...village, story: '字'.repeat(2001) })).toBe(m.error_story_long());
		expect(v.parse(villageForm, { ...village, story: '字'.repeat(2000) }).story).toHaveLength(2000);
	});

	it('needs a real name for a join code; an appointment may leave it out for a villager whose name is known', () => {
		expect(problem(joinCodeForm, { forName: ' \u202E ' })).toBe(m.error_real_name_required());
		expect(problem(joinCodeForm, { forName: '李'.repeat(41) })).toBe(m.error_real_name_long());
		expect(v.parse(joinCodeForm, { forName: '李\u0000小丽' })).toEqual({ forName: '李小丽' });
		expect(v.parse(appointmentForm, { username: ' Cadre ' })).toEqual({ username: 'cadre', realName: '' });
		expect(problem(appointmentForm, { username: 'cadre', realName: '王'.repeat(41) })).toBe(m.error_real_name_long());
	});
});
