// The Casdoor emulator keeps the documented traps; the node tests rely on each of them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startCasdoorEmulator } from './casdoor.mjs';

let emu;
let basic;
before(async () => {
	emu = await startCasdoorEmulator({
		users: [{ name: 'alice', displayName: 'Alice', email: 'alice@acme.com', phone: '13800000001', countryCode: 'CN', title: 'CTO' }],
	});
	basic = `Basic ${Buffer.from(`${emu.clientId}:${emu.clientSecret}`).toString('base64')}`;
});
after(() => emu.close());

async function call(method, path, { qs = {}, body, auth = basic } = {}) {
	const url = new URL(path, emu.url);
	for (const [k, v] of Object.entries(qs)) url.searchParams.set(k, v);
	const res = await fetch(url, {
		method,
		headers: { ...(auth ? { authorization: auth } : {}), 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}

test('client credentials: Basic works; a wrong Basic pair is anonymous; a wrong query pair is an error', async () => {
	assert.equal((await call('GET', '/api/get-users', { qs: { owner: 'acme' } })).body.status, 'ok');
	const wrongBasic = await call('GET', '/api/get-users', { qs: { owner: 'acme' }, auth: `Basic ${Buffer.from('x:y').toString('base64')}` });
	assert.equal(wrongBasic.status, 200);
	assert.deepEqual(wrongBasic.body, { status: 'error', msg: 'Unauthorized operation', data: null });
	const wrongQuery = await call('GET', '/api/get-users', { qs: { owner: 'acme', clientId: emu.clientId, clientSecret: 'nope' }, auth: null });
	assert.match(wrongQuery.body.msg, /Incorrect client secret/);
	const rightQuery = await call('GET', '/api/get-users', { qs: { owner: 'acme', clientId: emu.clientId, clientSecret: emu.clientSecret }, auth: null });
	assert.equal(rightQuery.body.status, 'ok');
});

test('add-user: name pattern, duplicates refused; id, avatar filled; properties null', async () => {
	assert.match((await call('POST', '/api/add-user', { body: { owner: 'acme', name: 'bad name' } })).body.msg, /username may only contain/);
	assert.equal((await call('POST', '/api/add-user', { body: { owner: 'acme', name: 'alice' } })).body.msg, 'Username already exists');
	assert.equal((await call('POST', '/api/add-user', { body: { owner: 'acme', name: 'a2', email: 'ALICE@acme.com' } })).body.msg, 'Email already exists');
	assert.equal(
		(await call('POST', '/api/add-user', { body: { owner: 'acme', name: 'a3', phone: '+86 138 0000 0001' } })).body.msg,
		'Phone already exists',
	);
	assert.equal((await call('POST', '/api/add-user', { body: { owner: 'acme', name: 'a4', phone: 'call me' } })).body.msg, 'Phone number is invalid');
	const added = await call('POST', '/api/add-user', { body: { owner: 'acme', name: 'bob', phone: '+86 139 0000 0002' } });
	assert.deepEqual(added.body, { status: 'ok', msg: '', data: 'Affected' });
	const bob = emu.user('bob');
	assert.ok(bob.id && bob.avatar && bob.createdTime);
	assert.equal(bob.properties, null);
	assert.deepEqual([bob.phone, bob.countryCode], ['13900000002', 'CN']);
});

test('update-user without columns zeroes what the body omits; with columns merges', async () => {
	emu.seedUser({ name: 'carol', displayName: 'Carol', email: 'carol@acme.com', title: 'PM', properties: { source: 's', k: 'v' } });
	const merged = await call('POST', '/api/update-user', {
		qs: { id: 'acme/carol', columns: 'title,properties' },
		body: { owner: 'acme', name: 'carol', title: 'VP', properties: { source: 't' } },
	});
	assert.equal(merged.body.data, 'Affected');
	assert.deepEqual([emu.user('carol').title, emu.user('carol').email], ['VP', 'carol@acme.com']);
	assert.deepEqual(emu.user('carol').properties, { source: 't', k: 'v' });
	const same = await call('POST', '/api/update-user', { qs: { id: 'acme/carol', columns: 'title' }, body: { owner: 'acme', name: 'carol', title: 'VP' } });
	assert.equal(same.body.data, 'Unaffected');
	const noDisplay = await call('POST', '/api/update-user', { qs: { id: 'acme/carol' }, body: { owner: 'acme', name: 'carol', title: 'CEO' } });
	assert.equal(noDisplay.body.msg, 'Display name cannot be empty');
	const zeroed = await call('POST', '/api/update-user', {
		qs: { id: 'acme/carol', allowEmpty: 'true' },
		body: { owner: 'acme', name: 'carol', displayName: 'Carol', title: 'CEO' },
	});
	assert.equal(zeroed.body.status, 'ok');
	assert.equal(emu.user('carol').email, '', 'email zeroed');
	assert.equal(emu.user('carol').properties, null, 'properties zeroed');
});

test('get-user answers null for a miss; get-users field/value is a substring match; paging gives data2', async () => {
	assert.deepEqual((await call('GET', '/api/get-user', { qs: { id: 'acme/nobody' } })).body, { status: 'ok', msg: '', data: null });
	assert.equal((await call('GET', '/api/get-user', { qs: { owner: 'acme', email: 'alice@acme.com' } })).body.data.name, 'alice');
	const like = await call('GET', '/api/get-users', { qs: { owner: 'acme', field: 'name', value: 'li' } });
	assert.deepEqual(like.body.data.map((u) => u.name), ['alice']);
	const pageOne = await call('GET', '/api/get-users', { qs: { owner: 'acme', p: '1', pageSize: '1' } });
	assert.equal(pageOne.body.data.length, 1);
	assert.ok(pageOne.body.data2 >= 2);
});

test('delete of a missing user and update of a missing group are "Unaffected"; group rules', async () => {
	assert.equal((await call('POST', '/api/delete-user', { body: { owner: 'acme', name: 'nobody' } })).body.data, 'Unaffected');
	assert.match((await call('POST', '/api/add-group', { body: { owner: 'acme', name: 'a/b' } })).body.msg, /can't contain "\/"/);
	assert.match((await call('POST', '/api/add-group', { body: { owner: 'acme', name: 'acme' } })).body.msg, /organization name/);
	assert.equal((await call('POST', '/api/update-group', { qs: { id: 'acme/none' }, body: { owner: 'acme', name: 'none' } })).body.data, 'Unaffected');
	await call('POST', '/api/add-group', { body: { owner: 'acme', name: 'g1', displayName: 'G1', manager: 'alice' } });
	await call('POST', '/api/update-group', { qs: { id: 'acme/g1' }, body: { owner: 'acme', name: 'g1', displayName: 'G one' } });
	assert.equal(emu.groups.get('acme/g1').manager, '', 'update-group writes every column');
});

test('faults, HTML for non-API paths, and the request log', async () => {
	emu.clearLog();
	emu.injectFaults({ kind: 'http', status: 502, path: '/api/get-users' });
	assert.equal((await call('GET', '/api/get-users', { qs: { owner: 'acme' } })).status, 502);
	assert.equal((await call('GET', '/api/get-users', { qs: { owner: 'acme' } })).status, 200);
	const html = await call('GET', '/login');
	assert.equal(html.status, 200);
	assert.match(html.body, /<html/);
	assert.equal(emu.count('/api/get-users'), 2);
	assert.equal(emu.count(), 3);
});
