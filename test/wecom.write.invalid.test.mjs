// A generated set of invalid write inputs, one rule broken each, run through the n8n engine:
// every item must fail with an error naming the field, and the emulator must see no call at
// all (not even gettoken), because validation happens before any request.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startWeComEmulator } from './emulators/wecom.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';
import { weComCredentials } from './helpers.mjs';

const long = (n, ch = 'x') => ch.repeat(n);

// ---- Member Create ------------------------------------------------------------------------------

const validMember = {
	userid: 'valid.user', name: '张三', mobile: '13800000000', email: 'valid@example.com', dept: '2', order: 0, lead: false, main: true,
	alias: '', position: '', gender: '', bizMail: '', telephone: '', directLeader: '', avatar: '', address: '',
	enabled: true, toInvite: true, extattr: '', externalProfile: '', externalPosition: '',
};

/** [field named in the error, the one key changed, its bad values] */
const MEMBER_RULES = [
	['User ID', 'userid', ['', '   ', '-lead', '_lead', '.lead', '@lead', '张三', long(65), ...[...' !#$%^&*()+=[]{}:\'",<>/?\\|`~'].map((c) => `a${c}b`)]],
	['Name', 'name', ['', '   ', long(65), long(65, '名')]],
	['Mobile', 'mobile', ['abc', '12', '1380000000a', '+', '++8613800000000', long(40, '1'), '138#0000', '(010)12345', '13800000000x']],
	['Email', 'email', ['a@b.c', 'plain', 'a@b', '@example.com', 'a b@example.com', `${long(60)}@example.com`, 'a@@example.com', 'a@ex ample.com']],
	['Business Email', 'bizMail', ['a@b.c', 'plain', 'x@y', `${long(60)}@biz.example.com`, 'a b@biz.com']],
	['Telephone', 'telephone', ['call me', long(33, '1'), '(010)1234', '010 1234', '#123', 'ext.5', '1;2']],
	['Position', 'position', [long(129), long(129, '职')]],
	['Alias', 'alias', [long(65), long(65, '别')]],
	['Address', 'address', [long(129), long(129, '址')]],
	['External Position', 'externalPosition', [long(13), long(13, '职')]],
	['Gender', 'gender', ['3', 'x', 'man', '0']],
	['Direct Leader', 'directLeader', ['a,b', '-x', 'a b c', 'boss; deputy', '张三']],
	['Enabled', 'enabled', ['maybe', 'yes', 2]],
	['Invite to WeCom', 'toInvite', ['maybe', 'no', -1]],
	['Extended Attributes (JSON)', 'extattr', ['{bad', '{"attrs": 1}', '[{"type": 9, "name": "x"}]', '[{"type": 0}]', '"text"', '[1]', '{"attrs": [{"type": 0, "name": ""}]}', '[{"type": "0", "name": "x"}]']],
	['External Profile (JSON)', 'externalProfile', ['{bad', '[1]', '"x"', '42', 'true', '{"a":']],
	['Departments', 'dept', ['abc', '1.5', '-2', '0', '4294967296', ' ', '2x']],
	['Departments', 'order', [-1, 1.5, 'x', 2 ** 32]],
	['Departments', 'lead', ['maybe', 'leader']],
];

const memberCases = [
	...MEMBER_RULES.flatMap(([field, key, values]) => values.map((value) => ({ field, json: { ...validMember, [key]: value } }))),
	{ field: 'Mobile or Email', json: { ...validMember, mobile: '', email: '' } },
	{ field: 'Mobile or Email', json: { ...validMember, mobile: '   ', email: ' ' } },
];

const memberParams = {
	resource: 'member',
	operation: 'create',
	userId: '={{ $json.userid }}',
	name: '={{ $json.name }}',
	mobile: '={{ $json.mobile }}',
	email: '={{ $json.email }}',
	ifExists: 'fail',
	departments: {
		department: [{ departmentId: { __rl: true, mode: 'id', value: '={{ $json.dept }}' }, order: '={{ $json.order }}', isLeader: '={{ $json.lead }}', isMain: '={{ $json.main }}' }],
	},
	additionalFields: {
		alias: '={{ $json.alias }}', position: '={{ $json.position }}', gender: '={{ $json.gender }}', bizMail: '={{ $json.bizMail }}',
		telephone: '={{ $json.telephone }}', directLeader: '={{ $json.directLeader }}', avatarMediaId: '={{ $json.avatar }}',
		address: '={{ $json.address }}', enabled: '={{ $json.enabled }}', toInvite: '={{ $json.toInvite }}', extattr: '={{ $json.extattr }}',
		externalProfile: '={{ $json.externalProfile }}', externalPosition: '={{ $json.externalPosition }}',
	},
};

/** Rules that need a different shape of the Departments list. */
const entry = (id, main = false) => ({ departmentId: { __rl: true, mode: 'id', value: String(id) }, order: 0, isLeader: false, isMain: main });
const departmentShapes = [
	{ field: 'Departments', rule: /at most 100/, departments: Array.from({ length: 101 }, (_, i) => entry(i + 2)) },
	{ field: 'Departments', rule: /only one department can be the main/, departments: [entry(2, true), entry(3, true)] },
	{ field: 'Departments', rule: /twice/, departments: [entry(2), entry(2)] },
];

// ---- Member Update, Delete, Delete Many, Invite -----------------------------------------------

const updateCases = [
	...['', '-x', 'a b', long(65)].map((userid) => ({ field: 'User ID', json: { userid, position: 'P' } })),
	{ field: 'Update Fields', json: { userid: 'valid.user', position: '' } },
	...[long(129), long(129, '职')].map((position) => ({ field: 'Position', json: { userid: 'valid.user', position } })),
];

const deleteCases = ['', '-x', 'a b', long(65), 'a#b'].map((userid) => ({ field: 'User ID', json: { userid } }));
const deleteManyCases = ['', '-x', 'ok, -bad', 'a b#c', Array.from({ length: 10001 }, (_, i) => `u${i}`).join(',')].map((ids) => ({ field: 'User IDs', json: { ids } }));

const inviteCases = [
	{ field: 'Members', json: { users: '', departments: '', tags: '' } },
	{ field: 'Members', json: { users: '-bad', departments: '', tags: '' } },
	{ field: 'Members', json: { users: Array.from({ length: 1001 }, (_, i) => `u${i}`).join(','), departments: '', tags: '' } },
	...['x', '0', '1.5', '-3'].map((departments) => ({ field: 'Departments', json: { users: '', departments, tags: '' } })),
	{ field: 'Departments', json: { users: '', departments: Array.from({ length: 101 }, (_, i) => i + 2).join(','), tags: '' } },
	...['x', '0', '-1'].map((tags) => ({ field: 'Tags', json: { users: '', departments: '', tags } })),
	{ field: 'Tags', json: { users: '', departments: '', tags: Array.from({ length: 101 }, (_, i) => i + 1).join(',') } },
];

// ---- Department Create / Update / Delete ------------------------------------------------------------

const validDepartment = { name: '新部门 Control', parent: '1', id: '', order: '', nameEn: '' };
const DEPARTMENT_RULES = [
	['Name', 'name', ['', '   ', long(65), long(65, '部'), ...[...'\\:*?"<>|'].flatMap((c) => [`${c}Team`, `Te${c}am`])]],
	['English Name', 'nameEn', [long(65), 'R|D', 'R&D: Beijing', 'A*B']],
	['Parent Department', 'parent', ['', 'abc', '0', '-1', '1.5', '4294967296']],
	['Department ID', 'id', ['1', '0', 'x', '-5', '4294967296', '2.5']],
	['Order', 'order', ['-1', 'x', '1.5', '4294967296']],
];
const departmentCases = DEPARTMENT_RULES.flatMap(([field, key, values]) => values.map((value) => ({ field, json: { ...validDepartment, [key]: value } })));
const departmentUpdateCases = [
	{ field: 'Update Fields', json: { id: '5', name: '', parent: '', order: '' } },
	...['a|b', long(65)].map((name) => ({ field: 'Name', json: { id: '5', name, parent: '', order: '' } })),
	...['x', '0'].map((parent) => ({ field: 'Parent Department', json: { id: '5', name: '', parent, order: '' } })),
	{ field: 'Parent Department', json: { id: '5', name: '', parent: '5', order: '' } },
	{ field: 'Order', json: { id: '5', name: '', parent: '', order: '-3' } },
	...['x', '0', ''].map((id) => ({ field: 'Department', json: { id, name: 'New', parent: '', order: '' } })),
];
const departmentDeleteCases = ['', 'x', '0', '-1', '1.5'].map((id) => ({ field: 'Department', json: { id } }));

// ---- Message Send --------------------------------------------------------------------------

const validMessage = { to: 'zhangsan', depts: '', tags: '', type: 'text', text: 'hi', title: 'T', description: 'D', url: 'https://example.com', button: '' };
const messageCases = [
	{ field: 'To Members', json: { ...validMessage, to: '' } },
	...['-x', 'a b c#', 'ok, -bad', Array.from({ length: 1001 }, (_, i) => `u${i}`).join('|')].map((to) => ({ field: 'To Members', json: { ...validMessage, to } })),
	...['x', '0', Array.from({ length: 101 }, (_, i) => i + 2).join(',')].map((depts) => ({ field: 'To Departments', json: { ...validMessage, depts } })),
	...['x', '-1', Array.from({ length: 101 }, (_, i) => i + 1).join(',')].map((tags) => ({ field: 'To Tags', json: { ...validMessage, tags } })),
	...['', '   ', long(2049), long(683, '字')].map((text) => ({ field: 'Text', json: { ...validMessage, text } })),
	...['', long(2049)].map((text) => ({ field: 'Markdown', json: { ...validMessage, type: 'markdown', text } })),
	...['', long(129), long(43, '题')].map((title) => ({ field: 'Title', json: { ...validMessage, type: 'textCard', title } })),
	...['', long(513)].map((description) => ({ field: 'Description', json: { ...validMessage, type: 'textCard', description } })),
	...['', 'example.com', 'ftp://example.com', `https://${long(2049)}`, 'https://exa mple.com'].map((url) => ({ field: 'URL', json: { ...validMessage, type: 'textCard', url } })),
	...['12345', '按钮太长了'].map((button) => ({ field: 'Button Text', json: { ...validMessage, type: 'textCard', button } })),
	{ field: 'Message Type', json: { ...validMessage, type: 'image' } },
];

// ---- the runs ----------------------------------------------------------------------------------

const ALL = [
	['member create', memberCases, memberParams, 'contacts'],
	['member update', updateCases, { resource: 'member', operation: 'update', userId: '={{ $json.userid }}', departments: {}, updateFields: { position: '={{ $json.position }}' } }, 'contacts'],
	['member delete', deleteCases, { resource: 'member', operation: 'delete', userId: '={{ $json.userid }}', ifMissing: 'fail' }, 'contacts'],
	['member delete many', deleteManyCases, { resource: 'member', operation: 'deleteMany', userIds: '={{ $json.ids }}', ifMissing: 'fail' }, 'contacts'],
	['member invite', inviteCases, { resource: 'member', operation: 'invite', users: '={{ $json.users }}', departments: '={{ $json.departments }}', tags: '={{ $json.tags }}' }, 'app'],
	[
		'department create',
		departmentCases,
		{
			resource: 'department', operation: 'create', name: '={{ $json.name }}', parentId: { __rl: true, mode: 'id', value: '={{ $json.parent }}' },
			additionalFields: { id: '={{ $json.id }}', order: '={{ $json.order }}', nameEn: '={{ $json.nameEn }}' },
		},
		'contacts',
	],
	[
		'department update',
		departmentUpdateCases,
		{
			resource: 'department', operation: 'update', departmentId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
			updateFields: { name: '={{ $json.name }}', parentId: '={{ $json.parent }}', order: '={{ $json.order }}' },
		},
		'contacts',
	],
	['department delete', departmentDeleteCases, { resource: 'department', operation: 'delete', departmentId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } }, 'contacts'],
	[
		'message send',
		messageCases,
		{
			resource: 'message', operation: 'send', toUsers: '={{ $json.to }}', toDepartments: '={{ $json.depts }}', toTags: '={{ $json.tags }}',
			messageType: '={{ $json.type }}', content: '={{ $json.text }}', title: '={{ $json.title }}', description: '={{ $json.description }}',
			url: '={{ $json.url }}', options: { buttonText: '={{ $json.button }}' },
		},
		'app',
	],
];

describe('generated invalid write inputs: one rule broken each, the field named, no call', () => {
	let emu;
	before(async () => {
		emu = await startWeComEmulator();
	});
	after(async () => {
		await emu.close();
	});

	test('control: each template accepts the valid item the cases are derived from', async () => {
		const someone = emu.org.users[0].userid;
		const controls = [
			[memberParams, { ...validMember, dept: String(emu.org.departments[1].id) }, 'contacts'],
			[ALL[1][2], { userid: someone, position: 'P' }, 'contacts'],
			[ALL[4][2], { users: someone, departments: '', tags: '' }, 'app'],
			[ALL[5][2], validDepartment, 'contacts'],
			[ALL[8][2], { ...validMessage, to: someone }, 'app'],
		];
		for (const [parameters, json, kind] of controls) {
			const r = await runWorkflow({
				nodes: [node('weCom', parameters, { name: 'WeCom', onError: 'continueErrorOutput' })],
				credentials: { weComApi: weComCredentials(emu, kind) },
				input: [{ json }],
			});
			assert.equal(r.output('WeCom', 1).length, 0, JSON.stringify(r.output('WeCom', 1)));
			assert.equal(r.output('WeCom', 0).length, 1);
		}
	});

	test('there are at least 200 of them', () => {
		const total = ALL.reduce((n, [, cases]) => n + cases.length, 0) + departmentShapes.length;
		assert.ok(total >= 200, `only ${total}`);
		assert.ok(memberCases.length >= 100, `member create: ${memberCases.length}`);
	});

	for (const [label, cases, parameters, kind] of ALL) {
		test(`${label}: ${cases.length} invalid items`, async () => {
			emu.clearLog();
			const r = await runWorkflow({
				nodes: [node('weCom', parameters, { name: 'WeCom', onError: 'continueErrorOutput' })],
				credentials: { weComApi: weComCredentials(emu, kind) },
				input: cases.map((c) => ({ json: c.json })),
			});
			assert.equal(r.status, 'success', r.error?.message);
			assert.equal(r.items('WeCom', 0).length, 0, `valid by mistake: ${JSON.stringify(r.output('WeCom', 0)).slice(0, 300)}`);
			const errors = r.items('WeCom', 1);
			assert.deepEqual(errors.map((e) => e.pairedItem.item), cases.map((_, i) => i));
			errors.forEach((e, i) => {
				const context = `${label} #${i}: ${JSON.stringify(cases[i].json).slice(0, 160)} → ${e.json.error}`;
				assert.equal(e.json.message.field, cases[i].field, context);
				assert.ok(e.json.error.startsWith(`Invalid "${cases[i].field}": `), context);
			});
			assert.equal(emu.count(), 0, `${label}: the emulator saw ${emu.count()} requests`);
		});
	}

	test('Departments list shapes: more than 100, two main departments, a department twice', async () => {
		emu.clearLog();
		for (const shape of departmentShapes) {
			const r = await runWorkflow({
				nodes: [node('weCom', { ...memberParams, departments: { department: shape.departments } }, { name: 'WeCom', onError: 'continueErrorOutput' })],
				credentials: { weComApi: weComCredentials(emu, 'contacts') },
				input: [{ json: validMember }],
			});
			const [error] = r.output('WeCom', 1);
			assert.equal(error.message.field, shape.field);
			assert.match(error.error, shape.rule);
		}
		assert.equal(emu.count(), 0);
	});
});
