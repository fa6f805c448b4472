// The SCIM client and its error table: how answers are classified (RFC 7644 §3.12), and
// against the scimmy server, paging, the PATCH → PUT fallback, authentication headers and
// retries. The node tests run the same client through n8n's engine.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';

import { startScimEmulator } from '../emulators/scim.mjs';

const require = createRequire(import.meta.url);
const { ScimClient, filterValue } = require('../../dist/lib/scim/client.js');
const { scimProfile, isMethodUnsupported } = require('../../dist/lib/scim/profile.js');

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** n8n's httpRequest as the transport uses it (returnFullResponse, no throw on HTTP errors), over fetch. */
async function http(options) {
	const url = new URL(options.url);
	for (const [k, v] of Object.entries(options.qs ?? {})) url.searchParams.set(k, String(v));
	const res = await fetch(url, {
		method: options.method,
		headers: options.headers,
		body: options.body === undefined ? undefined : JSON.stringify(options.body),
	});
	const text = await res.text();
	let body = text;
	try {
		body = text ? JSON.parse(text) : '';
	} catch {
		// kept as text
	}
	return { statusCode: res.status, body };
}

const classify = (status, body) => scimProfile.classify({ status, body }, '/Users');
const scimError = (status, scimType, detail) => ({ schemas: [ERROR], status: String(status), ...(scimType ? { scimType } : {}), detail });

test('error table: credential, missing resource, conflict, bad input, retryable, no PATCH, wrong Base URL', () => {
	const table = [
		[401, scimError(401, null, 'Invalid bearer token'), 'config'],
		[403, scimError(403, null, 'Forbidden'), 'config'],
		[404, scimError(404, null, 'Resource x not found'), 'item'],
		[404, '<html>Cannot GET /Users</html>', 'config'],
		[409, scimError(409, 'uniqueness', 'userName taken'), 'item'],
		[400, scimError(400, 'invalidFilter', 'Unexpected token'), 'item'],
		[400, scimError(400, 'invalidValue', 'bad'), 'item'],
		[429, scimError(429, null, 'slow down'), 'transient'],
		[500, 'oops', 'transient'],
		[503, scimError(503, null, 'busy'), 'transient'],
		[501, scimError(501, null, 'PATCH is not supported'), 'item'],
		[405, '', 'item'],
		[200, '<!doctype html><title>Login</title>', 'config'],
	];
	for (const [status, body, errorClass] of table) {
		assert.equal(classify(status, body)?.errorClass, errorClass, `HTTP ${status} ${JSON.stringify(body).slice(0, 30)}`);
	}
	assert.equal(classify(200, { schemas: [LIST], totalResults: 0 }), undefined);
	assert.equal(classify(204, ''), undefined, 'DELETE answers 204 with no body');
	const conflict = classify(409, scimError(409, 'uniqueness', 'userName "a" taken'));
	assert.deepEqual([conflict.errcode, conflict.httpStatus, conflict.errmsg], ['uniqueness', 409, 'userName "a" taken']);
	assert.match(conflict.message, /^SCIM API error uniqueness on \/Users: userName "a" taken$/);
	assert.match(classify(400, scimError(400, 'invalidFilter', 'x')).hint, /not valid SCIM filter syntax/);
	assert.match(classify(401, scimError(401, null, 'x')).hint, /Check the token/);
	assert.match(classify(404, '<html></html>').hint, /Base URL/);
	assert.ok(isMethodUnsupported(classify(501, '')) && isMethodUnsupported(classify(405, '')));
	assert.ok(!isMethodUnsupported(classify(400, '')));
	assert.equal(filterValue('a"b\\c'), '"a\\"b\\\\c"', 'filter values are escaped JSON strings');
});

let emu;
before(async () => {
	emu = await startScimEmulator({ users: Array.from({ length: 150 }, (_, i) => ({ userName: `user${String(i).padStart(3, '0')}` })) });
});
after(() => emu.close());

const client = (extra = {}) => new ScimClient(http, { baseUrl: emu.url, auth: { type: 'bearerToken', token: emu.token }, ...extra });

test('paging: startIndex/count pages of 100 until totalResults; a limit asks only for what it needs', async () => {
	emu.clearLog();
	const all = await client().listUsers();
	assert.equal(all.length, 150);
	assert.equal(new Set(all.map((u) => u.id)).size, 150);
	assert.deepEqual(emu.log.map((e) => [e.query.startIndex, e.query.count]), [['1', '100'], ['101', '100']]);
	emu.clearLog();
	assert.equal((await client().listUsers(undefined, 120)).length, 120);
	assert.deepEqual(emu.log.map((e) => [e.query.startIndex, e.query.count]), [['1', '100'], ['101', '20']]);
});

test('a server that ignores startIndex (answers its first page again) ends the paging without duplicates', async () => {
	const first = (await client().listUsersPage(1, 100)).resources;
	emu.clearLog();
	emu.injectFaults({ method: 'GET', path: '/Users', status: 200, body: { schemas: [LIST], totalResults: 150, Resources: first }, times: 5 });
	const users = await client().listUsers();
	assert.equal(users.length, 100);
	assert.equal(emu.log.length, 2, 'the second page brought nothing new');
	emu.clearFaults();
});

test('rate limits and stats count per API (/Users/{id}), not per user', async () => {
	const c = client();
	for (const user of emu.users().slice(0, 5)) await c.getUser(user.id);
	assert.deepEqual(Object.keys(c.transport.stats.byPath), ['/Users/{id}']);
	assert.equal(c.transport.stats.byPath['/Users/{id}'], 5);
});

test('PATCH where the config allows it; PUT with the whole user when the config says no — no PATCH is sent', async () => {
	const id = emu.user('user001').id;
	emu.clearLog();
	const c = client();
	await c.modifyUser(id, [{ op: 'replace', path: 'title', value: 'A' }], async () => assert.fail('no PUT while PATCH works'));
	assert.deepEqual(emu.log.map((e) => `${e.method} ${e.path.replace(id, '{id}')}`), ['GET /ServiceProviderConfig', 'PATCH /Users/{id}']);
	emu.setPatch(false);
	try {
		emu.clearLog();
		const c2 = client();
		const put = await c2.modifyUser(id, [{ op: 'replace', path: 'title', value: 'B' }], async () => ({ userName: 'user001', title: 'B' }));
		assert.equal(put.title, 'B');
		await c2.modifyUser(id, [], async () => ({ userName: 'user001', title: 'C' }));
		assert.deepEqual(emu.log.map((e) => e.method), ['GET', 'PUT', 'PUT'], 'the config is read once per client');
		assert.equal(emu.user('user001').title, 'C');
	} finally {
		emu.setPatch(true);
	}
});

test('no readable ServiceProviderConfig counts as PATCH supported; a PATCH answered 204 No Content is done: undefined, no read after it', async () => {
	const id = emu.user('user003').id;
	emu.clearLog();
	emu.injectFaults({ method: 'GET', path: '/ServiceProviderConfig', status: 404 });
	emu.setPatchNoContent(true);
	try {
		const user = await client().modifyUser(id, [{ op: 'replace', path: 'title', value: 'Z' }], async () => assert.fail('no PUT'));
		assert.equal(user, undefined);
		assert.deepEqual(emu.log.map((e) => `${e.method} ${e.status}`), ['GET 404', 'PATCH 204']);
		assert.equal(emu.user('user003').title, 'Z');
	} finally {
		emu.setPatchNoContent(false);
	}
});

test('a PATCH refused with 405 (or 501) falls back to PUT, and later writes go straight to PUT', async () => {
	const id = emu.user('user002').id;
	emu.setPatch(false, { advertise: true });
	try {
		emu.clearLog();
		const c = client();
		await c.modifyUser(id, [{ op: 'replace', path: 'title', value: 'X' }], async () => ({ userName: 'user002', title: 'X' }));
		await c.modifyUser(id, [{ op: 'replace', path: 'title', value: 'Y' }], async () => ({ userName: 'user002', title: 'Y' }));
		assert.deepEqual(emu.log.map((e) => `${e.method} ${e.status}`), ['GET 200', 'PATCH 405', 'PUT 200', 'PUT 200']);
	} finally {
		emu.setPatch(true);
	}
});

test('429 and 503 are retried; the Base URL may carry a trailing /Users; HTTP Basic is sent as such', async () => {
	emu.clearLog();
	emu.injectFaults({ method: 'GET', path: '/Users', status: 429 }, { method: 'GET', path: '/Users', status: 503 });
	const c = new ScimClient(http, { baseUrl: `${emu.url}/Users/`, auth: { type: 'bearerToken', token: emu.token } });
	assert.equal((await c.listUsersPage(1, 1)).resources.length, 1);
	assert.deepEqual(emu.log.map((e) => e.status), [429, 503, 200]);
	assert.equal(c.transport.stats.retries, 2);
	const basic = await startScimEmulator({ basic: { user: 'svc', password: 'pa55-word-9' } });
	try {
		const b = new ScimClient(http, { baseUrl: basic.url, auth: { type: 'basicAuth', user: 'svc', password: 'pa55-word-9' } });
		assert.deepEqual((await b.listUsersPage(1, 1)).resources, []);
		assert.equal(basic.log[0].auth, 'Basic');
	} finally {
		await basic.close();
	}
});
