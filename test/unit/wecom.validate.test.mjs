// The WeCom write rules (lib/wecom/validate.ts and the body builders), as pure functions.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';

const require = createRequire(import.meta.url);
const v = require('../../dist/lib/wecom/validate.js');
const { memberCreateBody, memberUpdateBody, departmentsFromEntries, createToUpdate } = require('../../dist/lib/wecom/memberBody.js');
const { departmentCreateBody, departmentUpdateBody } = require('../../dist/lib/wecom/departmentBody.js');
const { inviteBody } = require('../../dist/lib/wecom/inviteBody.js');
const { messageBody, requireAgentId } = require('../../dist/lib/wecom/messageBody.js');
const { InputValidationError, ConfigurationError } = require('../../dist/lib/transport/errors.js');

/** Assert that fn throws an InputValidationError naming `field` (and matching `rule` when given). */
function rejects(fn, field, rule) {
	assert.throws(fn, (error) => {
		assert.ok(error instanceof InputValidationError, `expected InputValidationError, got ${error}`);
		assert.equal(error.field, field);
		if (rule) assert.match(error.message, rule);
		return true;
	});
}

describe('field rules', () => {
	test('userid: 1-64 bytes of [0-9A-Za-z_-@.], starting with a letter or digit', () => {
		for (const ok of ['a', 'Z9', '0abc', 'a.b-c_d@e', 'x'.repeat(64)]) assert.equal(v.requireUserId(ok), ok);
		for (const bad of ['', '-a', '_a', '.a', '@a', 'a b', 'a#b', '张三', 'x'.repeat(65), null, {}]) rejects(() => v.requireUserId(bad), 'User ID');
	});

	test('names: 1-64 characters (not bytes)', () => {
		assert.equal(v.requireName('张'.repeat(64)), '张'.repeat(64));
		assert.equal(v.requireName('  Li  '), 'Li', 'trimmed');
		rejects(() => v.requireName(''), 'Name', /required/);
		rejects(() => v.requireName('   '), 'Name', /required/);
		rejects(() => v.requireName('n'.repeat(65)), 'Name', /at most 64 characters/);
		assert.equal(v.optionalAlias(''), undefined);
		rejects(() => v.optionalAlias('a'.repeat(65)), 'Alias');
		rejects(() => v.optionalPosition('p'.repeat(129)), 'Position');
		assert.equal(v.optionalPosition('职'.repeat(128)).length, 128);
		rejects(() => v.optionalAddress('a'.repeat(129)), 'Address');
		rejects(() => v.optionalExternalPosition('1234567890123'), 'External Position');
	});

	test('mobile, email, telephone', () => {
		assert.equal(v.optionalMobile('+86 13800000000'), '+86 13800000000');
		assert.equal(v.optionalMobile(''), undefined);
		for (const bad of ['abc', '12', '+86 138x0000000', '1'.repeat(40)]) rejects(() => v.optionalMobile(bad), 'Mobile');
		assert.equal(v.optionalEmail('a@b.cn'), 'a@b.cn');
		for (const bad of ['a@b.c', 'no-at.example.com', 'a b@c.com', `${'x'.repeat(60)}@b.com`]) rejects(() => v.optionalEmail(bad), 'Email');
		rejects(() => v.optionalEmail('bad', 'Business Email'), 'Business Email');
		assert.equal(v.optionalTelephone('010-1234+5,6'), '010-1234+5,6');
		for (const bad of ['call me', '1'.repeat(33), '(010) 1234']) rejects(() => v.optionalTelephone(bad), 'Telephone');
	});

	test('gender, booleans, direct leader', () => {
		assert.equal(v.optionalGender('1'), '1');
		assert.equal(v.optionalGender('female'), '2');
		assert.equal(v.optionalGender(''), undefined);
		rejects(() => v.optionalGender('3'), 'Gender');
		assert.equal(v.optionalBoolean('false', 'Enabled'), false);
		rejects(() => v.optionalBoolean('yes', 'Enabled'), 'Enabled');
		assert.deepEqual(v.optionalDirectLeader('lisi'), ['lisi']);
		assert.deepEqual(v.optionalDirectLeader(['lisi']), ['lisi']);
		assert.equal(v.optionalDirectLeader(''), undefined);
		rejects(() => v.optionalDirectLeader('lisi, wangwu'), 'Direct Leader', /at most one/);
		rejects(() => v.optionalDirectLeader('-x'), 'Direct Leader');
	});

	test('JSON fields must parse into objects; extended attributes need type and name', () => {
		assert.deepEqual(v.optionalJsonObject('{"a":1}', 'X'), { a: 1 });
		assert.deepEqual(v.optionalJsonObject({ a: 1 }, 'X'), { a: 1 });
		assert.equal(v.optionalJsonObject('{}', 'X'), undefined);
		rejects(() => v.optionalJsonObject('{bad', 'X'), 'X', /valid JSON/);
		rejects(() => v.optionalJsonObject('[1]', 'X'), 'X', /object/);
		const attr = { type: 0, name: '工号', text: { value: 'E1' } };
		assert.deepEqual(v.optionalExtattr(JSON.stringify({ attrs: [attr] })), { attrs: [attr] });
		assert.deepEqual(v.optionalExtattr(JSON.stringify([attr])), { attrs: [attr] }, 'the list alone is accepted');
		assert.equal(v.optionalExtattr('{"attrs": []}'), undefined, "the parameter's default sends nothing");
		rejects(() => v.optionalExtattr('{"attrs": 1}'), 'Extended Attributes (JSON)');
		rejects(() => v.optionalExtattr('[{"type": 5, "name": "x"}]'), 'Extended Attributes (JSON)', /attribute 1/);
		rejects(() => v.optionalExtattr('[not json'), 'Extended Attributes (JSON)', /valid JSON/);
	});

	test('department names, IDs and orders', () => {
		assert.equal(v.requireDepartmentName('研发中心（北京）/ R&D'), '研发中心（北京）/ R&D', '/ & and parentheses are allowed');
		for (const ch of '\\:*?"<>|') rejects(() => v.requireDepartmentName(`a${ch}b`), 'Name', /may not contain/);
		rejects(() => v.requireDepartmentName(''), 'Name');
		rejects(() => v.requireDepartmentName('部'.repeat(65)), 'Name');
		assert.equal(v.optionalOrder('0', 'Order'), 0);
		assert.equal(v.optionalOrder(4294967295, 'Order'), 4294967295);
		for (const bad of [-1, 1.5, 2 ** 32, 'x']) rejects(() => v.optionalOrder(bad, 'Order'), 'Order');
		rejects(() => v.optionalNewDepartmentId(1), 'Department ID');
		assert.equal(v.optionalNewDepartmentId('2'), 2);
	});

	test('ID lists: separators, limits, types', () => {
		assert.deepEqual(v.listOf('a, b|c;d\ne', 'X'), ['a', 'b', 'c', 'd', 'e']);
		assert.deepEqual(v.userIdList(['a', 'b'], 'X', 2), ['a', 'b']);
		rejects(() => v.userIdList('a,b,c', 'X', 2), 'X', /at most 2/);
		assert.deepEqual(v.departmentIdList('2, 3', 'D', 100), [2, 3]);
		rejects(() => v.departmentIdList('2, x', 'D', 100), 'D', /"x"/);
		rejects(() => v.tagIdList('0', 'T', 100), 'T');
	});
});

describe('member bodies', () => {
	const full = {
		userid: 'zhangsan', name: '张三', alias: 'Sam', mobile: '13800000000', email: 'zs@example.com', bizMail: 'zs@biz.example.com',
		telephone: '010-1', position: 'PM', gender: '2', directLeader: 'lisi', avatarMediaId: 'MID', address: 'Shenzhen',
		enabled: false, toInvite: false, extattr: '[{"type":0,"name":"工号","text":{"value":"E1"}}]',
		externalProfile: '{"external_corp_name":"Acme"}', externalPosition: 'Lead',
		departments: departmentsFromEntries([{ id: '2', order: 5, isLeader: true, isMain: false }, { id: 3, order: 0, isLeader: false, isMain: true }]),
	};

	test('create maps every field of seed 004 to the WeCom body', () => {
		assert.deepEqual(memberCreateBody(full), {
			userid: 'zhangsan', name: '张三', alias: 'Sam', mobile: '13800000000', email: 'zs@example.com', biz_mail: 'zs@biz.example.com',
			telephone: '010-1', position: 'PM', gender: '2', direct_leader: ['lisi'], avatar_mediaid: 'MID', address: 'Shenzhen',
			enable: 0, extattr: { attrs: [{ type: 0, name: '工号', text: { value: 'E1' } }] }, external_profile: { external_corp_name: 'Acme' },
			external_position: 'Lead', department: [2, 3], order: [5, 0], is_leader_in_dept: [1, 0], main_department: 3, to_invite: false,
		});
	});

	test('create: only what is given is sent; mobile or email required', () => {
		assert.deepEqual(memberCreateBody({ userid: 'a1', name: 'A', email: 'a1@example.com', alias: '', position: '  ' }), {
			userid: 'a1', name: 'A', email: 'a1@example.com',
		});
		rejects(() => memberCreateBody({ userid: 'a1', name: 'A' }), 'Mobile or Email');
		rejects(() => memberCreateBody({ userid: 'a1', email: 'a1@example.com' }), 'Name');
	});

	test('departments: at most 100, integers, one main, parallel lists of equal length', () => {
		const many = Array.from({ length: 101 }, (_, i) => ({ id: i + 2 }));
		rejects(() => memberCreateBody({ userid: 'a', name: 'A', email: 'a@ex.com', departments: departmentsFromEntries(many) }), 'Departments', /at most 100/);
		rejects(() => departmentsFromEntries([{ id: 2, isMain: true }, { id: 3, isMain: true }]), 'Departments', /only one/);
		const body = (departments) => memberCreateBody({ userid: 'a', name: 'A', email: 'a@ex.com', departments });
		rejects(() => body({ ids: [2, 'x'] }), 'Departments', /entry 2/);
		rejects(() => body({ ids: [2, 1.5] }), 'Departments', /entry 2/);
		rejects(() => body({ ids: [2, 2] }), 'Departments', /twice/);
		rejects(() => body({ ids: [2, 3], orders: [1] }), 'Departments', /order has 1 entries for 2/);
		rejects(() => body({ ids: [2], leaders: [true, false] }), 'Departments', /leader flags have 2 entries for 1/);
		rejects(() => body({ ids: [2], orders: [-1] }), 'Departments', /entry 1/);
		rejects(() => body({ ids: [2], main: 3 }), 'Departments', /main department 3/);
	});

	test('update: only the fields given; at least one; no to_invite', () => {
		assert.deepEqual(memberUpdateBody({ userid: 'a', position: 'Lead' }), { userid: 'a', position: 'Lead' });
		rejects(() => memberUpdateBody({ userid: 'a', name: '' }), 'Update Fields');
		rejects(() => memberUpdateBody({ userid: 'a', name: 'n'.repeat(65) }), 'Name');
		assert.deepEqual(createToUpdate({ userid: 'a', name: 'A', to_invite: true }), { userid: 'a', name: 'A' });
	});
});

describe('department, invitation and message bodies', () => {
	test('department create and update', () => {
		assert.deepEqual(departmentCreateBody({ name: 'Sales', parentId: '1', order: 3, id: '' }), { name: 'Sales', parentid: 1, order: 3 });
		rejects(() => departmentCreateBody({ name: 'Sales' }), 'Parent Department');
		rejects(() => departmentCreateBody({ name: 'a|b', parentId: 1 }), 'Name');
		assert.deepEqual(departmentUpdateBody({ id: 5, name: 'New' }), { id: 5, name: 'New' });
		rejects(() => departmentUpdateBody({ id: 5 }), 'Update Fields');
		rejects(() => departmentUpdateBody({ id: 5, parentId: '5' }), 'Parent Department', /own parent/);
	});

	test('invitations: at least one target, limits', () => {
		assert.deepEqual(inviteBody({ users: 'a, b', departments: '2', tags: '' }), { user: ['a', 'b'], party: [2] });
		rejects(() => inviteBody({}), 'Members');
		rejects(() => inviteBody({ departments: Array.from({ length: 101 }, (_, i) => i + 1) }), 'Departments', /at most 100/);
	});

	test('messages: recipients, contents, byte limits; the Agent ID is a configuration error', () => {
		assert.deepEqual(messageBody({ toUsers: 'a, b', toTags: '1', type: 'text', content: 'hi', confidential: true }, 7), {
			touser: 'a|b', totag: '1', msgtype: 'text', text: { content: 'hi' }, agentid: 7, safe: 1,
		});
		assert.equal(messageBody({ toUsers: '@all', type: 'markdown', content: '**x**' }, 7).touser, '@all');
		const card = messageBody({ toDepartments: '2', type: 'textCard', title: 'T', description: 'D', url: 'https://x.cn', buttonText: '查看' }, 7);
		assert.deepEqual(card.textcard, { title: 'T', description: 'D', url: 'https://x.cn', btntxt: '查看' });
		rejects(() => messageBody({ type: 'text', content: 'x' }, 7), 'To Members', /at least one/);
		rejects(() => messageBody({ toUsers: 'a', type: 'text', content: '字'.repeat(683) }, 7), 'Text', /2048 bytes/);
		rejects(() => messageBody({ toUsers: 'a', type: 'textCard', title: 'T', description: 'D', url: 'x.cn' }, 7), 'URL');
		rejects(() => messageBody({ toUsers: 'a', type: 'textCard', title: 'T', description: 'D', url: 'https://x.cn', buttonText: '12345' }, 7), 'Button Text');
		assert.equal(requireAgentId(' 1000002 '), 1000002);
		for (const bad of ['', undefined, 'abc']) assert.throws(() => requireAgentId(bad), ConfigurationError);
	});
});
