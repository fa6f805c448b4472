// omitKeys exists for memory: a whole-directory read holds every member as an output item,
// and a `delete` turns an object into a V8 dictionary-mode object about 7 times the size.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import v8 from 'node:v8';

const require = createRequire(import.meta.url);
const { omitKeys } = require('../../dist/lib/objects.js');
const { shapeMember } = require('../../dist/nodes/WeCom/helpers/shapeMember.js');
const { perDepartment } = require('../../dist/lib/directory/sources/dingtalkSource.js');

v8.setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)');
v8.setFlagsFromString('--no-allow-natives-syntax');

const member = () =>
	JSON.parse(
		'{"userid":"u1","name":"马子涵","department":[1,2],"order":[1,2],"position":"法务","mobile":"","gender":"2","email":"u1@x.example","is_leader_in_dept":[0,1],"direct_leader":[],"avatar":"","thumb_avatar":"","telephone":"","alias":"","english_name":"","address":"","main_department":1,"extattr":{"attrs":[]},"status":1,"enable":1,"qr_code":"","external_position":"","external_profile":{"external_corp_name":"","external_attr":[]}}',
	);

test('omitKeys copies without the keys, leaves the original alone, and keeps a fast (non-dictionary) object', () => {
	const m = member();
	const out = omitKeys(m, ['mobile', 'avatar', 'missing']);
	assert.ok(!('mobile' in out) && !('avatar' in out));
	assert.equal(out.email, 'u1@x.example');
	assert.equal(m.mobile, '', 'the original keeps its fields');
	assert.notEqual(omitKeys(m, []), m, 'always a copy');
	assert.ok(hasFastProperties(out));
	const deleted = { ...m };
	delete deleted.mobile;
	assert.ok(!hasFastProperties(deleted), 'the check can tell: delete leaves a dictionary-mode object');
});

test('members shaped for output and DingTalk users split per department stay fast objects', () => {
	const tree = new Map([[1, { id: 1, name: 'A', path: '/A' }], [2, { id: 2, name: 'B', path: '/A/B' }]]);
	const raw = shapeMember(member(), 'raw', tree);
	assert.ok(!('mobile' in raw) && !('address' in raw), 'withheld sensitive fields dropped');
	assert.deepEqual(raw.department_paths, ['/A', '/A/B']);
	assert.ok(hasFastProperties(raw));
	const user = perDepartment({ userid: 'd1', name: 'D', dept_id_list: [3], leader: true, dept_order: 5 }, 3);
	assert.ok(!('leader' in user) && !('dept_order' in user));
	assert.deepEqual(user.leader_in_dept, [{ dept_id: 3, leader: true }]);
	assert.ok(hasFastProperties(user));
});

test('raw WeCom members drop exactly the withheld sensitive fields, all eight, and keep shown ones', () => {
	const sensitive = ['mobile', 'email', 'biz_mail', 'avatar', 'thumb_avatar', 'address', 'qr_code', 'telephone'];
	const hidden = { ...member(), ...Object.fromEntries(sensitive.map((k) => [k, ''])) };
	const none = shapeMember(hidden, 'raw');
	for (const key of sensitive) assert.ok(!(key in none), `${key} withheld`);
	assert.equal(none.alias, '', 'a non-sensitive empty field stays');
	const shownAll = { ...member(), ...Object.fromEntries(sensitive.map((k) => [k, `v-${k}`])) };
	const all = shapeMember(shownAll, 'raw');
	for (const key of sensitive) assert.equal(all[key], `v-${key}`);
	assert.equal(Object.keys(all).length, Object.keys(shownAll).length);
});
