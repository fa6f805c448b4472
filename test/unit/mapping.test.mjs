// Map to IAM User: the field tables of seeds 000/001 (WeCom) and 002 (DingTalk), field by
// field, for the raw and the simplified WeCom shapes; withheld or empty fields are omitted.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const { toIamUserFromWeCom, toIamUserFromDingTalk } = require('../../dist/lib/directory/mapping/mapping.js');
const { sanitizeUserName, groupNameForPath, CASDOOR_NAME_PATTERN } = require('../../dist/lib/directory/mapping/iamNames.js');
const { shapeMember } = require('../../dist/nodes/WeCom/helpers/shapeMember.js');
const { buildTree } = require('../../dist/lib/directory/sources/tree.js');
const { InputValidationError } = require('../../dist/lib/transport/errors.js');

const org = { organization: 'acme', sourceName: 'ww-acme' };

// A user/get answer as WeCom sends it (wecom-api.md §3).
const rawMember = {
	errcode: 0,
	errmsg: 'ok',
	userid: 'zhangsan',
	name: '张三',
	department: [1, 2],
	order: [0, 0],
	position: '产品经理',
	mobile: '13800000000',
	gender: '1',
	email: 'zhangsan@example.com',
	biz_mail: 'zhangsan@acme.exmail.example.com',
	is_leader_in_dept: [1, 0],
	direct_leader: [],
	avatar: 'https://wework.qpic.cn/a/0',
	thumb_avatar: 'https://wework.qpic.cn/a/100',
	telephone: '',
	alias: 'Sam',
	status: 1,
	enable: 1,
	main_department: 1,
};

const expectedZhangsan = {
	owner: 'acme',
	name: 'zhangsan',
	id: 'zhangsan',
	externalId: 'zhangsan',
	displayName: '张三',
	email: 'zhangsan@example.com',
	phone: '13800000000',
	avatar: 'https://wework.qpic.cn/a/0',
	title: '产品经理',
	gender: 'Male',
	isForbidden: false,
	wecom: 'zhangsan',
	properties: { source: 'wecom:ww-acme' },
};

test('WeCom seed table, raw shape: every mapped field', () => {
	assert.deepEqual(toIamUserFromWeCom(rawMember, org), expectedZhangsan);
});

test('WeCom seed table, the node\'s simplified shape maps to the same user', () => {
	const simplified = shapeMember(rawMember, 'simplified');
	assert.equal(simplified.gender, 'male');
	assert.equal(simplified.status, 'active');
	assert.deepEqual(toIamUserFromWeCom(simplified, org), expectedZhangsan);
});

test('WeCom gender: "1" Male, "2" Female, "0" or missing omitted', () => {
	assert.equal(toIamUserFromWeCom({ ...rawMember, gender: '2' }, org).gender, 'Female');
	assert.equal(toIamUserFromWeCom({ ...rawMember, gender: 2 }, org).gender, 'Female');
	assert.ok(!('gender' in toIamUserFromWeCom({ ...rawMember, gender: '0' }, org)));
	const { gender: _g, ...noGender } = rawMember;
	assert.ok(!('gender' in toIamUserFromWeCom(noGender, org)));
	assert.equal(toIamUserFromWeCom(shapeMember({ ...rawMember, gender: '2' }, 'simplified'), org).gender, 'Female');
});

test('WeCom status/enable → isForbidden: status 2/4/5 or enable 0 forbid, raw and simplified', () => {
	const cases = [
		[1, 1, false],
		[2, 1, true],
		[4, 1, true],
		[5, 1, true],
		[1, 0, true],
		[2, 0, true],
	];
	for (const [status, enable, forbidden] of cases) {
		const raw = { ...rawMember, status, enable };
		assert.equal(toIamUserFromWeCom(raw, org).isForbidden, forbidden, `raw status ${status} enable ${enable}`);
		assert.equal(
			toIamUserFromWeCom(shapeMember(raw, 'simplified'), org).isForbidden,
			forbidden,
			`simplified status ${status} enable ${enable}`,
		);
	}
});

test('WeCom status 4 (not activated) is active only with treatNotActivatedAsActive', () => {
	const invited = { ...rawMember, status: 4, enable: 1 };
	assert.equal(toIamUserFromWeCom(invited, org).isForbidden, true);
	assert.equal(toIamUserFromWeCom(invited, { ...org, treatNotActivatedAsActive: true }).isForbidden, false);
	assert.equal(toIamUserFromWeCom(shapeMember(invited, 'simplified'), { ...org, treatNotActivatedAsActive: true }).isForbidden, false);
	// enable 0 still forbids whatever the option says.
	assert.equal(toIamUserFromWeCom({ ...invited, enable: 0 }, { ...org, treatNotActivatedAsActive: true }).isForbidden, true);
});

test('WeCom fields withheld or empty are omitted, never ""', () => {
	// Apps created after 2022-06-20 get "" for mobile, email, avatar…; simplelist has no status at all.
	const withheld = { userid: 'lisi', name: '李四', department: [1], mobile: '', email: '', avatar: '', position: '', gender: '0' };
	const user = toIamUserFromWeCom(withheld, org);
	assert.deepEqual(user, {
		owner: 'acme',
		name: 'lisi',
		id: 'lisi',
		externalId: 'lisi',
		displayName: '李四',
		wecom: 'lisi',
		properties: { source: 'wecom:ww-acme' },
	});
	for (const value of Object.values(user)) assert.notEqual(value, '');
	assert.ok(!('isForbidden' in user), 'no status and no enable: unknown, so left alone');
	const simplified = toIamUserFromWeCom(shapeMember(withheld, 'simplified'), org);
	assert.deepEqual(simplified, user);
});

test('WeCom: a missing userid is a per-item validation error', () => {
	assert.throws(() => toIamUserFromWeCom({ name: 'x' }, org), (e) => e instanceof InputValidationError && e.field === 'userid');
	assert.throws(() => toIamUserFromWeCom({ userid: '  ' }, org), InputValidationError);
	assert.throws(() => toIamUserFromWeCom(rawMember, { organization: '' }), (e) => e.field === 'Organization');
});

test('source tag: "wecom:<source name>", or just the provider without one', () => {
	assert.deepEqual(toIamUserFromWeCom(rawMember, { organization: 'acme' }).properties, { source: 'wecom' });
	assert.deepEqual(toIamUserFromWeCom(rawMember, { organization: 'acme', sourceName: 'hq' }).properties, { source: 'wecom:hq' });
	// One string for all the members of a run (a 100k read keeps every item), whatever was asked between.
	const tagOf = (sourceName) => toIamUserFromWeCom(rawMember, { organization: 'acme', sourceName }).properties.source;
	assert.equal(tagOf(' branch office '), 'wecom:branch office');
	assert.deepEqual(toIamUserFromWeCom(rawMember, { organization: 'acme', sourceName: 'branch office' }).properties, { source: 'wecom:branch office' });
	assert.deepEqual(toIamUserFromWeCom(rawMember, { organization: 'acme' }).properties, { source: 'wecom' });
});

test('groups by department id, raw and simplified', () => {
	const options = { ...org, groups: 'departmentId' };
	assert.deepEqual(toIamUserFromWeCom(rawMember, options).groups, ['acme/1', 'acme/2']);
	assert.deepEqual(toIamUserFromWeCom(shapeMember(rawMember, 'simplified'), options).groups, ['acme/1', 'acme/2']);
	assert.ok(!('groups' in toIamUserFromWeCom(rawMember, org)), 'groups "none" leaves groups out');
});

test('groups by department path: valid Casdoor group names, consistent across shapes', () => {
	const tree = buildTree([
		{ id: 1, name: 'Acme', parentId: 0 },
		{ id: 2, name: '销售/亚太', parentId: 1 },
	]);
	const options = { ...org, groups: 'departmentPath' };
	const raw = toIamUserFromWeCom(shapeMember(rawMember, 'raw', tree), options);
	const simplified = toIamUserFromWeCom(shapeMember(rawMember, 'simplified', tree), options);
	assert.deepEqual(raw.groups, simplified.groups);
	assert.equal(raw.groups[0], 'acme/Acme');
	assert.match(raw.groups[1], /^acme\/Acme > 销售_亚太-[0-9a-f]{8}$/);
	for (const g of raw.groups) assert.ok(!g.slice('acme/'.length).includes('/'), 'no "/" inside a group name');
	assert.throws(() => toIamUserFromWeCom(rawMember, options), (e) => e instanceof InputValidationError && e.field === 'departments');
});

// DingTalk, seed 002: a topapi/v2/user/list record.
const dingUser = {
	userid: 'manager4220',
	unionid: 'z21HjQliSzpw0YWCNxmii6u2Os62cZ62iSiE',
	name: '王五',
	avatar: 'https://static-legacy.dingtalk.com/media/a.jpg',
	state_code: '86',
	mobile: '18513027676',
	hide_mobile: false,
	telephone: '',
	job_number: 'E1024',
	title: '技术总监',
	email: 'wangwu@example.com',
	org_email: '',
	work_place: '',
	remark: '',
	dept_id_list: [2, 3],
	dept_order: 176294576350761500,
	extension: '{}',
	hired_date: 1597573616828,
	active: true,
	admin: false,
	boss: false,
	leader: true,
	exclusive_account: false,
};

test('DingTalk seed table: every mapped field, job_number as the name', () => {
	assert.deepEqual(toIamUserFromDingTalk(dingUser, { organization: 'acme', sourceName: 'ding-acme' }), {
		owner: 'acme',
		name: 'E1024',
		id: 'manager4220',
		externalId: 'manager4220',
		displayName: '王五',
		email: 'wangwu@example.com',
		phone: '18513027676',
		avatar: 'https://static-legacy.dingtalk.com/media/a.jpg',
		title: '技术总监',
		isForbidden: false,
		dingtalk: 'manager4220',
		properties: { source: 'dingtalk:ding-acme' },
	});
});

test('DingTalk name: job_number falls back to userid; nameSource userid and unionid', () => {
	assert.equal(toIamUserFromDingTalk({ ...dingUser, job_number: '' }, org).name, 'manager4220');
	const { job_number: _j, ...noJob } = dingUser;
	assert.equal(toIamUserFromDingTalk(noJob, org).name, 'manager4220');
	assert.equal(toIamUserFromDingTalk(dingUser, { ...org, nameSource: 'userid' }).name, 'manager4220');
	assert.equal(toIamUserFromDingTalk(dingUser, { ...org, nameSource: 'unionid' }).name, dingUser.unionid);
	assert.equal(toIamUserFromDingTalk({ ...dingUser, unionid: '' }, { ...org, nameSource: 'unionid' }).name, 'manager4220');
	// A job number Casdoor would refuse is sanitized; the raw id stays in externalId.
	const odd = toIamUserFromDingTalk({ ...dingUser, job_number: '工号 007' }, org);
	assert.match(odd.name, CASDOOR_NAME_PATTERN);
	assert.equal(odd.externalId, 'manager4220');
});

test('DingTalk active is inverted into isForbidden; missing means unknown', () => {
	assert.equal(toIamUserFromDingTalk({ ...dingUser, active: false }, org).isForbidden, true);
	assert.equal(toIamUserFromDingTalk({ ...dingUser, active: true }, org).isForbidden, false);
	const { active: _a, ...noActive } = dingUser;
	assert.ok(!('isForbidden' in toIamUserFromDingTalk(noActive, org)));
});

test('DingTalk empty fields are omitted, and groups come from dept_id_list', () => {
	const sparse = { userid: 'u1', name: 'A', email: '', mobile: '', avatar: '', title: '', dept_id_list: '2,3', active: true };
	const user = toIamUserFromDingTalk(sparse, { ...org, groups: 'departmentId' });
	for (const key of ['email', 'phone', 'avatar', 'title']) assert.ok(!(key in user), key);
	assert.deepEqual(user.groups, ['acme/2', 'acme/3']);
	const withPaths = { ...sparse, dept_id_list: [2], department_paths: ['Acme / Sales'] };
	assert.deepEqual(toIamUserFromDingTalk(withPaths, { ...org, groups: 'departmentPath' }).groups, ['acme/Acme > Sales']);
	assert.throws(() => toIamUserFromDingTalk({ name: 'x' }, org), (e) => e.field === 'userid');
});

test('name rule: valid ids are kept, invalid ones sanitized deterministically, keep leaves them', () => {
	assert.equal(sanitizeUserName('zhang.san'), 'zhang.san');
	assert.equal(sanitizeUserName('Zhang_San-2'), 'Zhang_San-2');
	const email = sanitizeUserName('zhang.san@corp');
	assert.match(email, /^zhang\.san-corp-[0-9a-f]{8}$/);
	assert.equal(sanitizeUserName('zhang.san@corp'), email, 'deterministic');
	assert.match(sanitizeUserName('张三'), /^u-[0-9a-f]{8}$/);
	assert.match(sanitizeUserName('Renée'), /^Renee-[0-9a-f]{8}$/, 'accents folded');
	assert.match(sanitizeUserName('-a__b-'), /^a-b-[0-9a-f]{8}$/);
	assert.notEqual(sanitizeUserName('a@b'), sanitizeUserName('a#b'), 'one-to-one');
	assert.equal(toIamUserFromWeCom({ ...rawMember, userid: 'a@b' }, { ...org, nameRule: 'keep' }).name, 'a@b');
	const mapped = toIamUserFromWeCom({ ...rawMember, userid: 'a@b' }, org);
	assert.match(mapped.name, CASDOOR_NAME_PATTERN);
	assert.equal(mapped.externalId, 'a@b');
	assert.equal(mapped.wecom, 'a@b');
});

test('name rule: 2,000 random ids all become valid, distinct names', () => {
	let seed = 7;
	const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
	const alphabet = 'abcXYZ019_-.@ 张三é/';
	const seen = new Map();
	for (let n = 0; n < 2000; n++) {
		const length = 1 + Math.floor(rand() * 12);
		let id = '';
		for (let k = 0; k < length; k++) id += alphabet[Math.floor(rand() * alphabet.length)];
		const name = sanitizeUserName(id);
		assert.match(name, CASDOOR_NAME_PATTERN, JSON.stringify(id));
		const other = seen.get(name);
		assert.ok(other === undefined || other === id, `${JSON.stringify(id)} and ${JSON.stringify(other)} collide`);
		seen.set(name, id);
	}
});

test('group names from paths: " > " joins, "/" never survives, long and org-named paths are hashed', () => {
	assert.equal(groupNameForPath('Acme / R&D / Web'), 'Acme > R&D > Web');
	const slash = groupNameForPath('Acme / 销售/亚太');
	assert.ok(!slash.includes('/'));
	assert.notEqual(slash, groupNameForPath('Acme / 销售_亚太'), 'a replaced "/" cannot collide with a real "_"');
	const long = groupNameForPath(Array.from({ length: 15 }, (_, i) => `Department number ${i}`).join(' / '));
	assert.ok(long.length <= 100);
	assert.match(long, /-[0-9a-f]{8}$/);
	assert.match(groupNameForPath('acme', 'acme'), /^acme-[0-9a-f]{8}$/);
});
