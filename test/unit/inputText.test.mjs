// The shared text rule for parameter and expression values (lib/transport/inputText) and
// Casdoor's user-field checks (lib/casdoor/validate): pure functions, checked directly.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const { scalarText, isBlankText } = require('../../dist/lib/transport/inputText.js');
const { validateUserFields, groupList } = require('../../dist/lib/casdoor/validate.js');

const rule = (fn) => {
	try {
		fn();
	} catch (error) {
		return `${error.field}: ${error.rule}`;
	}
	return 'ok';
};

test('scalarText: blank, numbers, wrong types, control characters, multi-line fields', () => {
	for (const blank of [undefined, null, '', '   ', '\u200b', '\ufeff \u200d', ' \n ']) assert.equal(scalarText(blank, 'F'), undefined, JSON.stringify(blank));
	assert.equal(scalarText('  Zhang San  ', 'F'), 'Zhang San');
	assert.equal(scalarText(13800000000, 'F'), '13800000000');
	assert.equal(scalarText('😀 ok', 'F'), '😀 ok');
	assert.equal(rule(() => scalarText({ a: 1 }, 'Name')), 'Name: must be text, not a list or an object');
	assert.equal(rule(() => scalarText([1], 'Name')), 'Name: must be text, not a list or an object');
	assert.equal(rule(() => scalarText(true, 'Name')), 'Name: must be text, not true');
	assert.equal(rule(() => scalarText(Number.NaN, 'Name')), 'Name: must be text, not NaN');
	assert.equal(rule(() => scalarText('a\u0000b', 'Name')), 'Name: contains the control character U+0000: it must be a single line of text');
	assert.equal(rule(() => scalarText('a\nb', 'Name')), 'Name: contains a line break: it must be a single line of text');
	assert.equal(rule(() => scalarText('a\u2028b', 'Name')), 'Name: contains a line break: it must be a single line of text');
	assert.equal(scalarText('line 1\nline 2\tend', 'Text', { multiline: true }), 'line 1\nline 2\tend');
	assert.equal(rule(() => scalarText('a\u001bb', 'Text', { multiline: true })), 'Text: contains the control character U+001B');
	assert.equal(isBlankText('\u200b'), true);
	assert.equal(isBlankText('a\u200b'), false);
	assert.equal(isBlankText(0), false);
});

test('Casdoor user fields: checked and normalized before any call', () => {
	assert.deepEqual(validateUserFields({ displayName: ' Zhang ', isForbidden: 'false', countryCode: 'cn', groups: 'acme/a, b', properties: { source: 'wecom:x', n: 3 } }), {
		displayName: 'Zhang',
		isForbidden: false,
		countryCode: 'CN',
		groups: ['acme/a', 'b'],
		properties: { source: 'wecom:x', n: '3' },
	});
	const labels = { email: 'Email' };
	assert.equal(rule(() => validateUserFields({ email: 'plain' }, labels)), 'Email: must be an email address');
	assert.equal(rule(() => validateUserFields({ phone: '12' })), 'phone: must be a phone number: digits, optionally a leading + and country code, spaces, - or parentheses');
	assert.equal(rule(() => validateUserFields({ isForbidden: 'maybe' })), 'isForbidden: must be true or false');
	assert.equal(rule(() => validateUserFields({ title: 'x'.repeat(101) })), 'title: must be at most 100 characters (it has 101)');
	assert.equal(rule(() => validateUserFields({ avatar: 'me.png' })), 'avatar: must be an image URL (http:// or https://)');
	assert.equal(rule(() => validateUserFields({ properties: { k: { deep: 1 } } })), 'properties: "k" must be text, not a list or an object');
	assert.equal(rule(() => groupList('a/b/c', 'Groups')), 'Groups: "a/b/c" is not a group name ("name" or "organization/name", at most 100 characters each)');
	assert.equal(rule(() => groupList(42, 'Groups')), 'Groups: must be a list of group names, or names separated by commas');
});
