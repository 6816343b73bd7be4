import { describe, expect, it } from 'vitest';
import { outboxLabel, outboxLabelField, outboxLabelSubjectField, outboxLabelTemplateField } from './offline';

const form = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) data.set(name, value);
	return data;
};

describe('outboxLabel', () => {
	const titled = { [outboxLabelField]: '提问：问专家', [outboxLabelSubjectField]: 'title', [outboxLabelTemplateField]: '提问：{}' };
	it('names a kept write by what was typed into the named field', () => {
		expect(outboxLabel(form({ ...titled, title: ' 山药块茎腐烂发黑 ' }), '/qa/ask')).toBe('提问：山药块茎腐烂发黑');
		// Typed text is text: a $& or {} in it is not a pattern.
		expect(outboxLabel(form({ ...titled, title: '$& {} $1' }), '/qa/ask')).toBe('提问：$& {} $1');
		expect(outboxLabel(form({ ...titled, title: '长'.repeat(100) }), '/qa/ask')).toBe(`提问：${'长'.repeat(60)}`);
	});
	it('falls back to the plain label, then to the address, when nothing was typed', () => {
		expect(outboxLabel(form({ ...titled, title: '  ' }), '/qa/ask')).toBe('提问：问专家');
		expect(outboxLabel(form({ [outboxLabelField]: '设置' }), '/me')).toBe('设置');
		expect(outboxLabel(form({}), '/me')).toBe('/me');
	});
});
