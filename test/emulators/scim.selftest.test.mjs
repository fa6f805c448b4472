// The SCIM emulator itself, over plain HTTP: scimmy's protocol behaviour plus what the
// store and the switches add. The node tests rely on every line of this.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startScimEmulator } from './scim.mjs';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

let emu;
before(async () => {
	emu = await startScimEmulator({ users: Array.from({ length: 25 }, (_, i) => ({ userName: `user${i}` })) });
});
after(() => emu.close());

async function call(method, path, body, auth = `Bearer ${emu.token}`, target = emu) {
	const res = await fetch(`${target.url}${path}`, {
		method,
		headers: { authorization: auth, 'content-type': 'application/scim+json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

test('authentication: a wrong or missing bearer token is 401 with a SCIM error body; HTTP Basic when configured', async () => {
	const wrong = await call('GET', '/Users', undefined, 'Bearer nope');
	assert.equal(wrong.status, 401);
	assert.deepEqual(wrong.body, { schemas: [ERROR], status: '401', detail: 'Invalid bearer token' });
	assert.equal((await call('GET', '/Users', undefined, '')).status, 401);
	const basic = await startScimEmulator({ basic: { user: 'admin', password: 'pa55word' } });
	try {
		const ok = `Basic ${Buffer.from('admin:pa55word').toString('base64')}`;
		assert.equal((await call('GET', '/Users', undefined, ok, basic)).status, 200);
		assert.equal((await call('GET', '/Users', undefined, `Basic ${Buffer.from('admin:x').toString('base64')}`, basic)).status, 401);
	} finally {
		await basic.close();
	}
});

test('create, uniqueness (409, case-insensitive), get, 404, delete', async () => {
	const created = await call('POST', '/Users', { schemas: [USER], userName: 'Carol', externalId: 'x/carol' });
	assert.equal(created.status, 201);
	assert.match(created.body.id, /^[0-9a-f-]{36}$/);
	const dup = await call('POST', '/Users', { schemas: [USER], userName: 'carol' });
	assert.deepEqual([dup.status, dup.body.scimType], [409, 'uniqueness']);
	assert.equal((await call('GET', `/Users/${created.body.id}`)).body.userName, 'Carol');
	const missing = await call('GET', '/Users/no-such-id');
	assert.deepEqual([missing.status, missing.body.schemas], [404, [ERROR]]);
	assert.equal((await call('DELETE', `/Users/${created.body.id}`)).status, 204);
	assert.equal((await call('DELETE', `/Users/${created.body.id}`)).status, 404);
});

test('filters (eq, sw) and an invalid filter (400 invalidFilter); paging with startIndex/count and totalResults', async () => {
	const eq = await call('GET', `/Users?filter=${encodeURIComponent('userName eq "user7"')}`);
	assert.deepEqual(eq.body.Resources.map((u) => u.userName), ['user7']);
	const sw = await call('GET', `/Users?filter=${encodeURIComponent('userName sw "user2"')}`);
	assert.equal(sw.body.totalResults, 6);
	const bad = await call('GET', `/Users?filter=${encodeURIComponent('userName eq "x')}`);
	assert.deepEqual([bad.status, bad.body.scimType], [400, 'invalidFilter']);
	const page = await call('GET', '/Users?startIndex=21&count=10');
	assert.deepEqual([page.body.totalResults, page.body.startIndex, page.body.Resources.length], [25, 21, 5]);
	assert.equal(page.body.Resources[0].userName, 'user20');
});

test('PATCH and PUT; groups with members; a user lists its groups; a deleted user leaves its groups', async () => {
	const id = emu.user('user1').id;
	const patched = await call('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'CTO' }] });
	assert.deepEqual([patched.status, patched.body.title], [200, 'CTO']);
	const put = await call('PUT', `/Users/${id}`, { schemas: [USER], userName: 'user1', displayName: 'One' });
	assert.deepEqual([put.body.displayName, put.body.title], ['One', undefined], 'PUT replaces: omitted attributes are cleared');
	const group = await call('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Ops', members: [{ value: id }] });
	assert.equal(group.status, 201);
	assert.deepEqual(emu.user('user1').groups, [{ value: group.body.id, display: 'Ops', type: 'direct' }]);
	const bad = await call('PATCH', `/Groups/${group.body.id}`, { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: 'ghost' }] }] });
	assert.deepEqual([bad.status, bad.body.scimType], [400, 'invalidValue']);
	await call('DELETE', `/Users/${emu.user('user1').id}`);
	assert.deepEqual(emu.group('Ops').members, []);
});

test('the PATCH switch: config says unsupported and PATCH is 501; or config says supported and PATCH is 405', async () => {
	const off = await startScimEmulator({ users: [{ userName: 'a' }], patch: false });
	try {
		const config = await call('GET', '/ServiceProviderConfig', undefined, `Bearer ${off.token}`, off);
		assert.equal(config.body.patch.supported, false);
		const id = off.user('a').id;
		assert.equal((await call('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [] }, `Bearer ${off.token}`, off)).status, 501);
		off.setPatch(false, { advertise: true });
		assert.equal((await call('GET', '/ServiceProviderConfig', undefined, `Bearer ${off.token}`, off)).body.patch.supported, true);
		assert.equal((await call('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [] }, `Bearer ${off.token}`, off)).status, 405);
	} finally {
		await off.close();
	}
});

test('patchNoContent: a successful PATCH is answered 204 with no body and applied; errors keep their status and body', async () => {
	const quiet = await startScimEmulator({ users: [{ userName: 'a' }], patchNoContent: true });
	const auth = `Bearer ${quiet.token}`;
	try {
		const id = quiet.user('a').id;
		const patched = await call('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'CTO' }] }, auth, quiet);
		assert.deepEqual([patched.status, patched.body], [204, undefined]);
		assert.equal(quiet.user('a').title, 'CTO');
		const missing = await call('PATCH', '/Users/no-such-id', { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'x' }] }, auth, quiet);
		assert.deepEqual([missing.status, missing.body.schemas], [404, [ERROR]]);
		quiet.setPatchNoContent(false);
		const full = await call('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'CEO' }] }, auth, quiet);
		assert.deepEqual([full.status, full.body.title], [200, 'CEO']);
	} finally {
		await quiet.close();
	}
});

test('seeded users keep IdP-side entries as given: other e-mail and phone types, a primary, addresses, enterprise fields', async () => {
	const E = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
	const seeded = {
		userName: 'idp',
		emails: [{ value: 'home7@home.test', type: 'home', primary: true }, { value: 'w@acme.com', type: 'work' }],
		phoneNumbers: [{ value: '+86 755 8888 0000', type: 'work' }, { value: '+86 755 8888 0001', type: 'fax', display: 'Fax' }],
		addresses: [{ type: 'home', locality: 'Shenzhen', primary: true }],
		[E]: { costCenter: 'CC-1', manager: { value: 'boss', displayName: 'Boss' } },
	};
	const idp = await startScimEmulator({ users: [seeded] });
	try {
		const read = (await call('GET', `/Users/${idp.user('idp').id}`, undefined, `Bearer ${idp.token}`, idp)).body;
		for (const key of ['emails', 'phoneNumbers', 'addresses', E]) assert.deepEqual(read[key], seeded[key], key);
	} finally {
		await idp.close();
	}
});

test('injected faults answer first, then the server does; the log has method, path, query, body, auth scheme and status', async () => {
	emu.clearLog();
	emu.injectFaults({ method: 'GET', path: '/Users', status: 503, times: 2 });
	assert.equal((await call('GET', '/Users?count=1')).status, 503);
	assert.equal((await call('GET', '/Users?count=1')).status, 503);
	assert.equal((await call('GET', '/Users?count=1')).status, 200);
	await call('POST', '/Users', { schemas: [USER], userName: 'logged' });
	assert.deepEqual(
		emu.log.map((e) => [e.method, e.path, e.status, e.auth]),
		[['GET', '/Users', 503, 'Bearer'], ['GET', '/Users', 503, 'Bearer'], ['GET', '/Users', 200, 'Bearer'], ['POST', '/Users', 201, 'Bearer']],
	);
	assert.deepEqual(emu.log[0].query, { count: '1' });
	assert.equal(emu.log[3].body.userName, 'logged');
	assert.equal(emu.log[3].contentType, 'application/scim+json');
	assert.equal(emu.count('GET', '/Users'), 3);
});
