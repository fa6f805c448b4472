// The SCIM node's user and group operations, run through n8n's engine with the built
// package against a real SCIM server (scimmy + scimmy-routers on express, loopback).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { startScimEmulator } from './emulators/scim.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';
import { assertNoSecrets } from './helpers.mjs';

const E = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const SEED = [
	{ userName: 'alice', displayName: 'Alice', title: 'CTO', active: true, emails: [{ value: 'alice@acme.com', type: 'work', primary: true }], addresses: [{ locality: 'Hangzhou' }] },
	{ userName: 'bob', displayName: 'Bob', active: true },
];

async function withEmu(fn, options = {}) {
	const emu = await startScimEmulator({ users: SEED, ...options });
	try {
		await fn(emu);
	} finally {
		await emu.close();
	}
}

function creds(emu, extra = {}) {
	return { scimApi: { baseUrl: emu.url, authentication: 'bearerToken', token: emu.token, ...extra } };
}

async function scim(emu, parameters, input = [{ json: {} }], { creds: credExtra, ...extra } = {}) {
	return await runWorkflow({ nodes: [node('scim', parameters, { name: 'S', ...extra })], credentials: creds(emu, credExtra), input });
}

const items = (...list) => list.map((json) => ({ json }));
const user = (params) => ({ resource: 'user', ...params });
const group = (params) => ({ resource: 'group', ...params });
const onError = { onError: 'continueErrorOutput' };
const writes = (emu) => emu.writes().map((e) => `${e.method} ${e.path.replace(/[0-9a-f-]{36}/, '{id}')}`);

test('Get by user name and by ID; a miss fails only its item (error output, pairedItem)', async () => {
	await withEmu(async (emu) => {
		const id = emu.user('alice').id;
		const byName = await scim(emu, user({ operation: 'get', findBy: 'userName', value: 'alice' }));
		assert.equal(byName.output('S')[0].id, id);
		assert.deepEqual(emu.log.at(-1).query.filter, 'userName eq "alice"');
		const run = await scim(emu, user({ operation: 'get', findBy: '={{$json.by}}', value: '={{$json.v}}' }), items({ by: 'id', v: id }, { by: 'id', v: 'no-such-id' }, { by: 'userName', v: 'ghost' }, { by: 'userName', v: 'bob' }), onError);
		assert.equal(run.status, 'success');
		assert.deepEqual(run.output('S', 0).map((u) => u.userName), ['alice', 'bob']);
		assert.deepEqual(run.items('S', 0).map((i) => i.pairedItem), [{ item: 0 }, { item: 3 }]);
		const failed = run.items('S', 1);
		assert.deepEqual(failed.map((i) => i.pairedItem), [{ item: 1 }, { item: 2 }]);
		assert.match(failed[0].json.error, /SCIM API error HTTP 404 on \/Users\/no-such-id: Resource no-such-id not found/);
		assert.deepEqual([failed[0].json.message.httpStatus, failed[0].json.message.path], [404, '/Users/no-such-id'], 'the error item keeps its details');
		assert.match(failed[1].json.error, /no user with userName "ghost"/);
	});
});

test('Get Many: Return All pages with startIndex/count; Limit asks for one page; a filter is passed; an invalid filter fails the item with the fix', async () => {
	const users = Array.from({ length: 105 }, (_, i) => ({ userName: `user${i}`, active: i % 2 === 0 }));
	await withEmu(async (emu) => {
		const all = await scim(emu, user({ operation: 'getMany', returnAll: true }));
		assert.equal(all.output('S').length, 105);
		assert.deepEqual(emu.log.map((e) => [e.query.startIndex, e.query.count]), [['1', '100'], ['101', '100']]);
		emu.clearLog();
		const some = await scim(emu, user({ operation: 'getMany', returnAll: false, limit: 3 }));
		assert.equal(some.output('S').length, 3);
		assert.deepEqual([emu.count(), emu.log[0].query.count], [1, '3']);
		const found = await scim(emu, user({ operation: 'getMany', returnAll: true, filter: 'userName sw "user10" and active eq true' }));
		assert.deepEqual(found.output('S').map((u) => u.userName).sort(), ['user10', 'user100', 'user102', 'user104']);
		const bad = await scim(emu, user({ operation: 'getMany', returnAll: true, filter: 'userName eq "x' }), undefined, onError);
		const [failed] = bad.items('S', 1);
		assert.match(failed.json.error, /SCIM API error invalidFilter on \/Users/);
		assert.equal(failed.json.message.errcode, 'invalidFilter');
		assert.match(failed.json.message.description, /not valid SCIM filter syntax/);
	}, { users });
});

test('Create: from fields (enterprise extension), an IAM user item and a SCIM user item; a taken userName fails only its item (409)', async () => {
	await withEmu(async (emu) => {
		const fields = await scim(emu, user({
			operation: 'create', userData: 'fields', userName: 'carol',
			additionalFields: { displayName: 'Carol', email: 'carol@acme.com', employeeNumber: 'E7', department: 'R&D', active: false },
		}));
		assert.equal(fields.status, 'success', fields.error?.message);
		const carol = emu.user('carol');
		assert.deepEqual([carol.displayName, carol.active, carol.emails[0].value, carol[E]], ['Carol', false, 'carol@acme.com', { employeeNumber: 'E7', department: 'R&D' }]);
		assert.equal(emu.log.at(-1).contentType, 'application/scim+json');

		const iamUser = { owner: 'acme', name: 'dave', id: 'dave', externalId: 'dave', displayName: 'Dave', phone: '+86 138 0013 8000', isForbidden: false, wecom: 'dave', properties: { source: 'wecom:acme' } };
		const scimUser = { userName: 'erin', displayName: 'Erin', emails: [{ value: 'erin@acme.com', primary: true }] };
		const run = await scim(emu, user({ operation: 'create', userData: 'item' }), items(iamUser, { ...scimUser, userName: 'ALICE' }, scimUser, { nothing: 1 }), onError);
		assert.deepEqual(run.output('S', 0).map((u) => u.userName), ['dave', 'erin']);
		assert.deepEqual(run.items('S', 0).map((i) => i.pairedItem), [{ item: 0 }, { item: 2 }]);
		const dave = emu.user('dave');
		assert.deepEqual([dave.externalId, dave.phoneNumbers[0].value, dave.active], ['wecom:acme/dave', '+86 138 0013 8000', true]);
		const byEmail = await scim(emu, user({ operation: 'create', userData: 'item', userNameFrom: 'email' }), items({ ...iamUser, name: 'gina', externalId: 'gina', email: 'gina@acme.com' }));
		assert.deepEqual([byEmail.output('S')[0].userName, byEmail.output('S')[0].externalId], ['gina@acme.com', 'wecom:acme/gina']);
		const [taken, notUser] = run.items('S', 1);
		assert.match(taken.json.error, /uniqueness .*userName "ALICE" is already taken/);
		assert.deepEqual([taken.json.message.httpStatus, taken.pairedItem], [409, { item: 1 }]);
		assert.match(notUser.json.error, /neither an IAM user .* nor a SCIM user/);
		assert.equal(emu.count('POST'), 5, 'the invalid item made no call');
	});
});

test('Create or Update: creates when missing; writes only changed attributes; writes nothing when unchanged; a 409 on create becomes an update', async () => {
	await withEmu(async (emu) => {
		const upsert = (fields) => scim(emu, user({ operation: 'upsert', userData: 'fields', userName: '={{$json.u}}', additionalFields: fields }), items({ u: 'alice' }, { u: 'frank' }));
		const first = await upsert({ title: 'CTO', displayName: 'Alice' });
		assert.deepEqual(first.output('S').map((o) => o.action), ['unchanged', 'created']);
		assert.deepEqual(writes(emu), ['POST /Users']);
		emu.clearLog();
		const second = await upsert({ title: 'CEO', displayName: 'Alice' });
		const [alice] = second.output('S');
		assert.deepEqual([alice.action, alice.columns, alice.changes, alice.before], ['updated', ['title'], { title: 'CEO' }, { title: 'CTO' }]);
		assert.deepEqual(emu.log.find((e) => e.method === 'PATCH' && e.path.includes(emu.user('alice').id)).body.Operations, [{ op: 'replace', path: 'title', value: 'CEO' }]);
		assert.deepEqual(emu.user('alice').addresses, [{ locality: 'Hangzhou' }], 'other attributes stay');

		// The lookup misses (a server whose filter lags), the POST answers 409: look up again and update.
		emu.clearLog();
		emu.injectFaults({ method: 'GET', path: '/Users', status: 200, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] } });
		const race = await scim(emu, user({ operation: 'upsert', userData: 'fields', userName: 'bob', additionalFields: { title: 'Engineer' } }));
		assert.equal(race.output('S')[0].action, 'updated');
		assert.deepEqual(emu.log.map((e) => `${e.method} ${e.status}`), ['GET 200', 'POST 409', 'GET 200', 'GET 200', 'PATCH 200']);
		assert.equal(emu.user('bob').title, 'Engineer');
	});
});

test('Update: by user name or ID, only the given fields; an empty New User Name keeps the name; nothing to change writes nothing', async () => {
	await withEmu(async (emu) => {
		const run = await scim(emu, user({ operation: 'update', findBy: 'userName', value: 'alice', userData: 'fields', additionalFields: { email: 'alice@new.com', givenName: 'A' } }));
		assert.deepEqual(run.output('S')[0].columns, ['givenName', 'email']);
		const alice = emu.user('alice');
		assert.deepEqual([alice.userName, alice.title, alice.name.givenName, alice.emails], ['alice', 'CTO', 'A', [{ value: 'alice@new.com', type: 'work', primary: true }]]);
		emu.clearLog();
		const same = await scim(emu, user({ operation: 'update', findBy: 'id', value: alice.id, userData: 'fields', additionalFields: { email: 'alice@new.com' } }));
		assert.equal(same.output('S')[0].action, 'unchanged');
		assert.equal(emu.writes().length, 0);
		const renamed = await scim(emu, user({ operation: 'update', findBy: 'id', value: alice.id, userData: 'fields', userName: 'alice2' }));
		assert.deepEqual(renamed.output('S')[0].changes, { userName: 'alice2' });
		assert.equal(emu.userById(alice.id).userName, 'alice2');
	});
});

test('Deactivate and Reactivate write only active; a user already in that state is unchanged with no write', async () => {
	await withEmu(async (emu) => {
		const off = await scim(emu, user({ operation: 'deactivate', findBy: 'userName', value: 'bob' }));
		assert.deepEqual(off.output('S')[0], { action: 'deactivated', id: emu.user('bob').id, userName: 'bob', active: false });
		assert.deepEqual(emu.log.at(-1).body.Operations, [{ op: 'replace', path: 'active', value: false }]);
		assert.equal(emu.user('bob').active, false);
		emu.clearLog();
		assert.equal((await scim(emu, user({ operation: 'deactivate', findBy: 'userName', value: 'bob' }))).output('S')[0].action, 'unchanged');
		assert.equal(emu.writes().length, 0);
		const on = await scim(emu, user({ operation: 'reactivate', findBy: 'id', value: emu.user('bob').id }));
		assert.equal(on.output('S')[0].action, 'reactivated');
		assert.equal(emu.user('bob').active, true);
	});
});

test('Delete: by user name (looked up) or by ID (DELETE only); an unknown ID fails its item with 404', async () => {
	await withEmu(async (emu) => {
		const bobId = emu.user('bob').id;
		const run = await scim(emu, user({ operation: 'delete', findBy: '={{$json.by}}', value: '={{$json.v}}' }), items({ by: 'userName', v: 'alice' }, { by: 'id', v: bobId }, { by: 'id', v: bobId }), onError);
		assert.deepEqual(run.output('S', 0).map((o) => [o.action, o.userName ?? o.id]), [['deleted', 'alice'], ['deleted', bobId]]);
		const [gone] = run.items('S', 1);
		assert.deepEqual([gone.json.message.httpStatus, gone.pairedItem], [404, { item: 2 }]);
		assert.deepEqual(emu.users(), []);
		assert.deepEqual(writes(emu), ['DELETE /Users/{id}', 'DELETE /Users/{id}', 'DELETE /Users/{id}']);
	});
});

test('a server without PATCH: Update and Deactivate send PUT with the whole user, so nothing else is lost', async () => {
	await withEmu(async (emu) => {
		const run = await scim(emu, user({ operation: 'update', findBy: 'userName', value: 'alice', userData: 'fields', additionalFields: { title: 'CEO' } }));
		assert.equal(run.status, 'success', run.error?.message);
		assert.deepEqual(emu.log.map((e) => e.method), ['GET', 'GET', 'PUT'], 'lookup, config (patch unsupported), PUT; no PATCH sent');
		const alice = emu.user('alice');
		assert.deepEqual([alice.title, alice.displayName, alice.addresses, alice.emails[0].value], ['CEO', 'Alice', [{ locality: 'Hangzhou' }], 'alice@acme.com']);
		emu.setPatch(false, { advertise: true });
		emu.clearLog();
		await scim(emu, user({ operation: 'deactivate', findBy: 'userName', value: 'alice' }));
		assert.deepEqual(emu.log.map((e) => `${e.method} ${e.status}`), ['GET 200', 'GET 200', 'PATCH 405', 'PUT 200']);
		assert.deepEqual([emu.user('alice').active, emu.user('alice').title], [false, 'CEO']);
	}, { patch: false });
});

test('a wrong token stops the node once with the fix, even with continue-on-fail, and never shows the token', async () => {
	await withEmu(async (emu) => {
		const secret = 'wrong-token-7f3a9c1e55';
		const run = await scim(emu, user({ operation: 'get', findBy: 'userName', value: 'alice' }), items({}, {}, {}), { ...onError, creds: { token: secret } });
		assert.equal(run.status, 'error');
		assert.match(run.error.message, /SCIM API error HTTP 401 on \/Users: Invalid bearer token/);
		assert.match(run.error.description, /Check the token/);
		assert.equal(emu.count(), 1, 'reported once, not per item');
		assertNoSecrets(run, [secret]);
	});
});

test('Groups: Create or Update by display name, Get Many, Add Members and Remove Members (only what changes is sent)', async () => {
	await withEmu(async (emu) => {
		const upsert = await scim(emu, group({ operation: 'upsert', displayName: '={{$json.d}}', externalId: '={{$json.x}}' }), items({ d: 'R&D', x: 'wecom:acme/2' }, { d: 'Sales', x: '' }));
		assert.deepEqual(upsert.output('S').map((g) => g.action), ['created', 'created']);
		const again = await scim(emu, group({ operation: 'upsert', displayName: 'R&D', externalId: 'wecom:acme/3' }));
		assert.deepEqual([again.output('S')[0].action, emu.group('R&D').externalId], ['updated', 'wecom:acme/3']);
		assert.equal((await scim(emu, group({ operation: 'upsert', displayName: 'R&D', externalId: '' }))).output('S')[0].action, 'unchanged');
		assert.deepEqual((await scim(emu, group({ operation: 'getMany', returnAll: true }))).output('S').map((g) => g.displayName), ['R&D', 'Sales']);

		const members = (operation, value) => scim(emu, group({ operation, groupBy: 'displayName', group: 'R&D', members: value, membersBy: 'userName' }));
		const added = await members('addMembers', 'alice, bob');
		assert.deepEqual([added.output('S')[0].action, emu.group('R&D').members.length], ['membersAdded', 2]);
		assert.deepEqual(emu.user('alice').groups.map((g) => g.display), ['R&D']);
		emu.clearLog();
		assert.equal((await members('addMembers', 'alice')).output('S')[0].action, 'unchanged');
		assert.equal(emu.writes().length, 0, 'already a member: nothing sent');
		const removed = await members('removeMembers', 'bob');
		assert.deepEqual(removed.output('S')[0].members, [emu.user('bob').id]);
		assert.deepEqual(emu.log.at(-1).body.Operations, [{ op: 'remove', path: `members[value eq "${emu.user('bob').id}"]` }]);
		assert.deepEqual(emu.group('R&D').members.map((m) => m.value), [emu.user('alice').id]);

		emu.clearLog();
		const unknown = await scim(emu, group({ operation: 'addMembers', groupBy: 'displayName', group: 'R&D', members: 'bob, ghost', membersBy: 'userName' }), undefined, onError);
		assert.match(unknown.items('S', 1)[0].json.error, /no user with userName "ghost"/);
		assert.equal(emu.writes().length, 0, 'every member is checked before any write');
	});
});

test('Groups: a 409 on create (the lookup missed the group) becomes an update', async () => {
	await withEmu(async (emu) => {
		emu.seedGroup({ displayName: 'Ops' });
		emu.injectFaults({ method: 'GET', path: '/Groups', status: 200, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] } });
		const run = await scim(emu, group({ operation: 'upsert', displayName: 'Ops', externalId: 'ops-1' }));
		assert.equal(run.output('S')[0].action, 'updated');
		assert.deepEqual(emu.log.filter((e) => e.path === '/Groups').map((e) => `${e.method} ${e.status}`), ['GET 200', 'POST 409', 'GET 200']);
		assert.deepEqual([emu.groups().length, emu.group('Ops').externalId], [1, 'ops-1']);
	});
});

test('Groups on a server without PATCH: the member list is PUT whole, keeping the current members', async () => {
	await withEmu(async (emu) => {
		emu.seedGroup({ displayName: 'Ops', members: [{ value: emu.user('alice').id }] });
		const run = await scim(emu, group({ operation: 'addMembers', groupBy: 'displayName', group: 'Ops', members: emu.user('bob').id, membersBy: 'id' }));
		assert.equal(run.status, 'success', run.error?.message);
		assert.equal(emu.count('PATCH'), 0);
		assert.equal(emu.count('PUT'), 1);
		assert.deepEqual(emu.group('Ops').members.map((m) => m.value).sort(), [emu.user('alice').id, emu.user('bob').id].sort());

		// A server that does not return members: a PUT would drop them, so the item fails instead.
		const ops = emu.group('Ops');
		delete ops.members;
		emu.clearLog();
		emu.injectFaults({ method: 'GET', path: '/Groups', status: 200, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, Resources: [ops] } });
		const unsafe = await scim(emu, group({ operation: 'removeMembers', groupBy: 'displayName', group: 'Ops', members: emu.user('bob').id, membersBy: 'id' }), undefined, onError);
		assert.match(unsafe.items('S', 1)[0].json.error, /does not return group members, so the member list cannot be changed safely/);
		assert.equal(emu.writes().length, 0);
		assert.equal(emu.group('Ops').members.length, 2);
	}, { patch: false });
});

test('Update and Create or Update write only the owned e-mail (type work) and phone (type mobile); IdP entries and primaries stay; a 204 is not followed by a read; PUT keeps them too', async () => {
	const hana = {
		userName: 'hana', displayName: 'Hana', active: true,
		emails: [{ value: 'home7@home.test', type: 'home', primary: true }],
		phoneNumbers: [{ value: '+86 755 8888 0000', type: 'work' }],
		addresses: [{ type: 'home', locality: 'Shenzhen' }],
	};
	await withEmu(async (emu) => {
		const seeded = emu.user('hana');
		const calls = () => emu.log.map((e) => `${e.method} ${e.path.replace(/[0-9a-f-]{36}/, '{id}')} ${e.status}`);
		const run = await scim(emu, user({ operation: 'update', findBy: 'userName', value: 'hana', userData: 'fields', additionalFields: { email: 'hana@acme.com', phone: '+86 138 0013 8000' } }));
		assert.equal(run.status, 'success', run.error?.message);
		assert.deepEqual([run.output('S')[0].action, run.output('S')[0].before], ['updated', { email: '', phone: '' }]);
		assert.deepEqual(calls(), ['GET /Users 200', 'GET /ServiceProviderConfig 200', 'PATCH /Users/{id} 204'], 'lookup, config, one PATCH and no read after its 204');
		const after = emu.user('hana');
		assert.equal(JSON.stringify(after.emails[0]), JSON.stringify(seeded.emails[0]), 'the home e-mail keeps its value, type and primary');
		assert.deepEqual(after.emails[1], { value: 'hana@acme.com', type: 'work' }, 'not primary: the IdP set a primary');
		assert.equal(JSON.stringify(after.phoneNumbers[0]), JSON.stringify(seeded.phoneNumbers[0]), 'the work landline stays');
		assert.deepEqual(after.phoneNumbers[1], { value: '+86 138 0013 8000', type: 'mobile', primary: true }, 'primary: no other phone is');
		assert.deepEqual(after.addresses, seeded.addresses);

		emu.clearLog();
		const same = await scim(emu, user({ operation: 'upsert', userData: 'fields', userName: 'hana', additionalFields: { email: 'hana@acme.com', phone: '+86 138 0013 8000' } }));
		assert.equal(same.output('S')[0].action, 'unchanged', 'compares the owned entries only');
		assert.equal(emu.writes().length, 0);

		// A server without PATCH: the PUT body is the stored user with only the owned entry replaced.
		emu.setPatch(false);
		emu.clearLog();
		const put = await scim(emu, user({ operation: 'upsert', userData: 'fields', userName: 'hana', additionalFields: { email: 'hana2@acme.com' } }));
		assert.equal(put.output('S')[0].action, 'updated');
		assert.deepEqual(calls(), ['GET /Users 200', 'GET /ServiceProviderConfig 200', 'PUT /Users/{id} 200']);
		const body = emu.log.at(-1).body;
		assert.deepEqual(body.emails, [seeded.emails[0], { value: 'hana2@acme.com', type: 'work' }]);
		assert.deepEqual(body.phoneNumbers, after.phoneNumbers);
		assert.equal(body.groups, undefined, 'groups are read-only and never sent');
		assert.deepEqual(emu.user('hana').emails, [seeded.emails[0], { value: 'hana2@acme.com', type: 'work' }]);
	}, { users: [...SEED, hana], patchNoContent: true });
});

test('Groups on a server answering PATCH with 204: Create or Update and Add Members make one PATCH each and no read after it', async () => {
	await withEmu(async (emu) => {
		emu.seedGroup({ displayName: 'Ops', externalId: 'ops-1' });
		const calls = () => emu.log.map((e) => `${e.method} ${e.path.replace(/[0-9a-f-]{36}/, '{id}')} ${e.status}`);
		const upsert = await scim(emu, group({ operation: 'upsert', displayName: 'Ops', externalId: 'ops-2' }));
		assert.equal(upsert.status, 'success', upsert.error?.message);
		assert.deepEqual([upsert.output('S')[0].action, upsert.output('S')[0].externalId], ['updated', 'ops-2'], 'the result is built from what was sent');
		assert.deepEqual(calls(), ['GET /Groups 200', 'GET /ServiceProviderConfig 200', 'PATCH /Groups/{id} 204']);
		emu.clearLog();
		const added = await scim(emu, group({ operation: 'addMembers', groupBy: 'displayName', group: 'Ops', members: emu.user('bob').id, membersBy: 'id' }));
		assert.equal(added.output('S')[0].action, 'membersAdded');
		assert.deepEqual(calls(), ['GET /Groups 200', 'GET /ServiceProviderConfig 200', 'PATCH /Groups/{id} 204']);
		assert.deepEqual(emu.group('Ops').members.map((m) => m.value), [emu.user('bob').id]);
	}, { patchNoContent: true });
});
