// The IAM user → SCIM user mapping and the SCIM user views: pure functions, checked
// directly. The engine tests check the node that uses them against a real SCIM server.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const { toScimUserView, diffScimUser, ownedExternalId, sourceOfExternalId } = require('../../dist/lib/directory/targets/scim/scimUser.js');
const { fromScimUser, fromScimUserItem, toScimUser, patchOperations, applyOperations, withOwnedValue } = require('../../dist/lib/scim/userView.js');
const { toIamUserFromWeCom } = require('../../dist/lib/directory/mapping/mapping.js');

const E = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** What "Map to IAM User" outputs for a WeCom member. */
const iam = toIamUserFromWeCom(
	{ userid: 'zhangsan', name: '张三', mobile: '+86 138 0013 8000', email: 'zhangsan@acme.com', position: '工程师', status: 1, enable: 1, department: [1] },
	{ organization: 'acme', sourceName: 'acme' },
);

test('every mapped IAM field lands in its SCIM attribute; ownership is the externalId "<source>/<id>"', () => {
	const view = toScimUserView(iam);
	assert.deepEqual(view, {
		userName: 'zhangsan',
		externalId: 'wecom:acme/zhangsan',
		displayName: '张三',
		email: 'zhangsan@acme.com',
		phone: '+86 138 0013 8000',
		title: '工程师',
		active: true,
	});
	assert.deepEqual(toScimUser(view), {
		schemas: [USER],
		userName: 'zhangsan',
		externalId: 'wecom:acme/zhangsan',
		name: { formatted: '张三' },
		displayName: '张三',
		title: '工程师',
		active: true,
		emails: [{ value: 'zhangsan@acme.com', type: 'work', primary: true }],
		phoneNumbers: [{ value: '+86 138 0013 8000', type: 'mobile', primary: true }],
	});
	assert.equal(sourceOfExternalId(view.externalId), 'wecom:acme');
	assert.equal(sourceOfExternalId('local-id'), undefined, 'an externalId without the separator belongs to no source');
	assert.equal(ownedExternalId('dingtalk:hq', 'u1'), 'dingtalk:hq/u1');
});

test('a forbidden IAM user is inactive; the enterprise fields come from the item when present', () => {
	const view = toScimUserView({ ...iam, isForbidden: true, employeeNumber: 'E7', department: 'R&D', managerId: 'm-1', givenName: '三', familyName: '张' });
	assert.equal(view.active, false);
	const user = toScimUser(view);
	assert.deepEqual(user.schemas, [USER, E]);
	assert.deepEqual(user[E], { employeeNumber: 'E7', department: 'R&D', manager: { value: 'm-1' } });
	assert.deepEqual(user.name, { formatted: '张三', givenName: '三', familyName: '张' });
});

test('omit empty: a field the source withholds or leaves empty is absent, never ""', () => {
	const view = toScimUserView({ name: 'lisi', owner: 'acme', email: '', phone: null, title: '  ', displayName: undefined, properties: {} });
	assert.deepEqual(view, { userName: 'lisi', externalId: 'lisi' }, 'no source tag: the externalId is the plain id');
	assert.deepEqual(toScimUser(view), { schemas: [USER], userName: 'lisi', externalId: 'lisi' });
});

test('userName from the email, falling back to the name; the externalId stays the source id either way', () => {
	assert.equal(toScimUserView(iam, { userNameFrom: 'email' }).userName, 'zhangsan@acme.com');
	assert.equal(toScimUserView({ ...iam, email: undefined }, { userNameFrom: 'email' }).userName, 'zhangsan');
	assert.equal(toScimUserView(iam, { userNameFrom: 'email' }).externalId, 'wecom:acme/zhangsan');
});

test('an item that is not an IAM user, or a source tag containing "/", is refused with the field named', () => {
	assert.throws(() => toScimUserView({ userid: 'x' }), /Invalid "name": is missing/);
	assert.throws(() => toScimUserView(iam, { source: 'wecom:a/b' }), /Invalid "source": "wecom:a\/b" contains "\/"/);
});

test('a stored SCIM user reads back as the view it was made from (primary entries, enterprise fields)', () => {
	const view = toScimUserView({ ...iam, employeeNumber: 'E7', department: 'R&D', managerId: 'm-1' });
	const stored = { ...toScimUser(view), id: 'u-1', meta: { created: 'x' }, groups: [{ value: 'g1' }] };
	assert.deepEqual(fromScimUser(stored), { ...view, id: 'u-1' });
	const several = fromScimUser({
		userName: 'a',
		emails: [{ value: 'home@x.com', type: 'home' }, { value: 'work@x.com', type: 'work' }],
		phoneNumbers: [{ value: '1', type: 'fax' }, { value: '2', type: 'mobile', primary: true }],
	});
	assert.deepEqual([several.email, several.phone], ['work@x.com', '2']);
});

test('a stored user is read by its owned entries (first work e-mail, first mobile phone), never by primary or position; an input SCIM user item by its primary', () => {
	const user = {
		userName: 'a',
		emails: [{ value: 'home7@home.test', type: 'home', primary: true }, { value: 'w1@x.com', type: 'Work' }, { value: 'w2@x.com', type: 'work' }],
		phoneNumbers: [{ value: '+86 755 8888 0000', type: 'work', primary: true }],
	};
	const stored = fromScimUser(user);
	assert.deepEqual([stored.email, stored.phone], ['w1@x.com', undefined], 'type compared without case; no mobile entry: no phone, even with a work landline');
	assert.deepEqual([fromScimUserItem(user).email, fromScimUserItem(user).phone], ['home7@home.test', '+86 755 8888 0000']);
	assert.equal(fromScimUser({ userName: 'b', emails: [{ value: 'home@x.com', type: 'home' }] }).email, undefined);
});

test('withOwnedValue: only the owned entry changes, others are the same objects in place; primary only when no other entry has it', () => {
	const home = { value: 'home7@home.test', type: 'home' };
	const homePrimary = { ...home, primary: true };
	const other = { value: 'o@x.com', type: 'other', display: 'O' };
	// Missing: appended; primary unless another entry is.
	assert.deepEqual(withOwnedValue([home], 'work', 'n@x.com'), [home, { value: 'n@x.com', type: 'work', primary: true }]);
	assert.deepEqual(withOwnedValue([homePrimary], 'work', 'n@x.com'), [homePrimary, { value: 'n@x.com', type: 'work' }]);
	assert.deepEqual(withOwnedValue(undefined, 'mobile', '139'), [{ value: '139', type: 'mobile', primary: true }]);
	// Present: value replaced in place, its other sub-attributes kept.
	const list = [other, { value: 'old@x.com', type: 'Work', display: 'Work' }, homePrimary];
	const out = withOwnedValue(list, 'work', 'n@x.com');
	assert.deepEqual(out, [other, { value: 'n@x.com', type: 'Work', display: 'Work' }, homePrimary]);
	assert.ok(out[0] === other && out[2] === homePrimary, 'the other entries are the stored objects themselves');
	assert.equal(list[1].value, 'old@x.com', 'the stored list is not modified');
	assert.deepEqual(withOwnedValue([{ value: 'old@x.com', type: 'work' }, home], 'work', 'n@x.com')[0], { value: 'n@x.com', type: 'work', primary: true });
	// Two primaries (not valid, RFC 7643 §2.4): the owned entry gives up its flag, the IdP's stays.
	assert.deepEqual(withOwnedValue([{ value: 'old@x.com', type: 'work', primary: true }, homePrimary], 'work', 'n@x.com'), [{ value: 'n@x.com', type: 'work' }, homePrimary]);
	// A second entry of the owned type is the IdP's.
	const second = { value: 'w2@x.com', type: 'work' };
	assert.deepEqual(withOwnedValue([{ value: 'w1@x.com', type: 'work' }, second], 'work', 'n@x.com'), [{ value: 'n@x.com', type: 'work', primary: true }, second]);
});

test('PATCH operations: plain paths, display name with name.formatted, other emails kept, enterprise by URN', () => {
	const current = {
		id: 'u-1',
		userName: 'a',
		emails: [{ value: 'old@x.com', type: 'work', primary: true }, { value: 'home@x.com', type: 'home' }],
	};
	const ops = patchOperations({ displayName: 'A', email: 'new@x.com', phone: '139', active: false, department: 'Ops', manager: 'm-2' }, current);
	assert.deepEqual(ops, [
		{ op: 'replace', path: 'displayName', value: 'A' },
		{ op: 'replace', path: 'name.formatted', value: 'A' },
		{ op: 'replace', path: 'emails', value: [{ value: 'new@x.com', type: 'work', primary: true }, { value: 'home@x.com', type: 'home' }] },
		{ op: 'replace', path: 'phoneNumbers', value: [{ value: '139', type: 'mobile', primary: true }] },
		{ op: 'replace', path: 'active', value: false },
		{ op: 'replace', path: `${E}:department`, value: 'Ops' },
		{ op: 'replace', path: `${E}:manager`, value: { value: 'm-2' } },
	]);
	assert.equal(current.emails[0].value, 'old@x.com', 'the stored user is not modified');
});

test('the PUT body for servers without PATCH: the current user with the operations applied, meta and groups left out', () => {
	const current = { schemas: [USER], id: 'u-1', userName: 'a', title: 'Old', roles: [{ value: 'admin' }], meta: { created: 'x' }, groups: [{ value: 'g' }] };
	const body = applyOperations(current, patchOperations({ title: 'New', givenName: 'G', employeeNumber: 'E1' }, current));
	assert.deepEqual(body, {
		schemas: [USER, E],
		id: 'u-1',
		userName: 'a',
		title: 'New',
		roles: [{ value: 'admin' }],
		name: { givenName: 'G' },
		[E]: { employeeNumber: 'E1' },
	});
});

test('diff: only the desired fields, no blanking, userName and email compared without case, phones by digits', () => {
	const stored = { id: 'u-1', userName: 'ZhangSan', externalId: 'wecom:acme/zhangsan', email: 'zhangsan@acme.com', phone: '+8613800138000', title: 'Old', department: 'Ops' };
	const desired = { userName: 'zhangsan', externalId: 'wecom:acme/zhangsan', email: 'ZhangSan@ACME.com', phone: '+86 138 0013 8000', title: 'New' };
	const diff = diffScimUser(desired, stored);
	assert.deepEqual(diff, { columns: ['title'], changes: { title: 'New' }, before: { title: 'Old' } });
	assert.deepEqual(diffScimUser({ userName: 'lisi' }, stored).columns, ['userName'], 'a real rename is written');
	assert.deepEqual(diffScimUser({ userName: 'zhangsan', active: false }, { ...stored, active: true }).changes, { active: false });
});
