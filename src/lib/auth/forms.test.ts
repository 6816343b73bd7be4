import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import * as m from '$lib/paraglide/messages';
import { loginForm, passwordChangeForm, profileForm, registrationForm, settingsForm } from './forms';

const problem = (schema: v.GenericSchema, input: unknown) => {
	const result = v.safeParse(schema, input);
	return result.success ? null : result.issues[0].message;
};

const signUp = { username: 'farmer_li', displayName: '老李', password: 'cherry-orchard-7' };

describe('account forms', () => {
	it('reads a phone number with spaces and dashes as digits, none as null, and refuses anything else', () => {
		expect(v.parse(registrationForm, { ...signUp, phone: ' 138 1234-5678 ' }).phone).toBe('13812345678');
		expect(v.parse(registrationForm, { ...signUp, phone: '+8613812345678' }).phone).toBe('+8613812345678');
		expect(v.parse(registrationForm, signUp).phone).toBeNull();
		for (const phone of ['1234', '1'.repeat(21), '138abc45678', '++13812345678']) {
			expect([phone, problem(registrationForm, { ...signUp, phone })]).toEqual([phone, m.error_phone_format()]);
		}
	});

	it('refuses a field left out of the post like an empty one, in the reader’s language', () => {
		expect(problem(registrationForm, {})).toBe(m.error_username_format());
		expect(problem(registrationForm, { username: 'farmer_li', displayName: '老李' })).toBe(m.error_password_short({ min: 8 }));
	});

	it('says the first problem in the order of the form', () => {
		expect(problem(registrationForm, { ...signUp, username: 'x', displayName: '' })).toBe(m.error_username_format());
		expect(problem(registrationForm, { ...signUp, displayName: '名'.repeat(41) })).toBe(m.error_display_name_long());
		expect(problem(registrationForm, { ...signUp, password: 'short' })).toBe(m.error_password_short({ min: 8 }));
	});

	it('takes only the languages and data-saver choices there are, and easy mode as a checkbox', () => {
		expect(v.parse(settingsForm, { locale: 'en', dataSaver: 'auto', easyMode: 'on' })).toEqual({ locale: 'en', easyMode: true, dataSaver: 'auto' });
		expect(v.parse(settingsForm, { locale: 'zh-CN', dataSaver: 'off' }).easyMode).toBe(false);
		for (const bad of [{ locale: 'fr', dataSaver: 'on' }, { dataSaver: 'on' }, { locale: 'en', dataSaver: 'sometimes' }, { locale: '__proto__', dataSaver: 'on' }]) {
			expect([bad, problem(settingsForm, bad)]).toEqual([bad, m.error_bad_choice()]);
		}
	});

	it('removes the phone only when the box is ticked', () => {
		expect(v.parse(profileForm, { displayName: '乙', phone: '', removePhone: 'on' })).toEqual({ displayName: '乙', phone: null, removePhone: true });
		expect(v.parse(profileForm, { displayName: '乙' }).removePhone).toBe(false);
	});

	it('passes a password to check as typed, spaces and all, and a missing one as empty', () => {
		expect(v.parse(loginForm, { username: 'li', password: ' secret ' })).toEqual({ username: 'li', password: ' secret ' });
		expect(v.parse(loginForm, {})).toEqual({ username: '', password: '' });
		expect(v.parse(passwordChangeForm, { newPassword: 'x' })).toEqual({ currentPassword: '', newPassword: 'x' });
	});
});
