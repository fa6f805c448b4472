// The SCIM credential's "Test connection", as the n8n server runs it: the request resolved
// with n8n's expression engine, authenticated by the credential's `authenticate`, sent to
// the scimmy server; a non-2xx answer is matched against the responseCode rules.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';

import { startScimEmulator } from '../emulators/scim.mjs';

const require = createRequire(import.meta.url);
const { Workflow } = require('n8n-workflow');
const { ScimApi } = require('../../dist/credentials/ScimApi.credentials.js');

const credentialType = new ScimApi();
const workflow = new Workflow({
	id: 'credential-test',
	nodes: [],
	connections: {},
	active: false,
	nodeTypes: { getByName() {}, getByNameAndVersion() {}, getKnownTypes: () => ({}) },
});
const exprNode = { id: 'n', name: 'n', type: 'n', typeVersion: 1, position: [0, 0], parameters: {} };

/** credentials-tester.service.ts: send, then on an HTTP error apply the responseCode rules in order. */
async function runCredentialTest(credentials) {
	const resolve = (value) =>
		typeof value === 'string' && value.startsWith('=')
			? workflow.expression.getSimpleParameterValue(exprNode, value, 'internal', { $credentials: credentials }, undefined, '')
			: value;
	const { request, rules } = credentialType.test;
	const url = new URL(`${resolve(request.baseURL)}${request.url}`);
	for (const [k, v] of Object.entries(request.qs ?? {})) url.searchParams.set(k, String(resolve(v)));
	const authenticated = await credentialType.authenticate(credentials, { url: url.href, method: request.method, headers: {} });
	const res = await fetch(url, { method: request.method, headers: authenticated.headers });
	if (res.ok) return 'OK';
	const rule = rules.find((r) => r.type === 'responseCode' && r.properties.value === res.status);
	return rule ? rule.properties.message : `HTTP ${res.status}`;
}

let emu;
let basic;
before(async () => {
	emu = await startScimEmulator();
	basic = await startScimEmulator({ basic: { user: 'svc', password: 'pa55-word-9' } });
});
after(async () => {
	await emu.close();
	await basic.close();
});

const bearer = (extra = {}) => ({ baseUrl: emu.url, authentication: 'bearerToken', token: emu.token, ...extra });

test('a good bearer token passes; a trailing slash or a pasted /Users in the Base URL is fine', async () => {
	assert.equal(await runCredentialTest(bearer()), 'OK');
	assert.equal(await runCredentialTest(bearer({ baseUrl: `${emu.url}/` })), 'OK');
	assert.equal(await runCredentialTest(bearer({ baseUrl: `${emu.url}/Users` })), 'OK');
	assert.deepEqual(emu.log.at(-1).query, { startIndex: '1', count: '1' }, 'it asks for one user, which needs the right to read users');
});

test('a wrong token fails with the 401 hint about the token', async () => {
	assert.match(await runCredentialTest(bearer({ token: 'expired-token' })), /refused the credential \(401\)\. Check the token/);
});

test('a token without the right to read users fails with the 403 hint', async () => {
	emu.injectFaults({ method: 'GET', path: '/Users', status: 403 });
	assert.match(await runCredentialTest(bearer()), /may not read users \(403\)/);
});

test('a Base URL that is not the SCIM root fails with the 404 hint', async () => {
	assert.match(await runCredentialTest(bearer({ baseUrl: emu.url.replace('/scim/v2', '/scim') })), /No SCIM API at this Base URL \(404\)/);
});

test('user and password (HTTP Basic): right passes, wrong fails with the 401 hint', async () => {
	const creds = { baseUrl: basic.url, authentication: 'basicAuth', user: 'svc', password: 'pa55-word-9' };
	assert.equal(await runCredentialTest(creds), 'OK');
	assert.equal(basic.log.at(-1).auth, 'Basic');
	assert.match(await runCredentialTest({ ...creds, password: 'wrong' }), /\(401\)/);
});
