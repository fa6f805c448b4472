// The Casdoor credential's "Test connection": its request, resolved with n8n's expression
// engine and authenticated the way its `authenticate` block says, against the emulator;
// its rules must tell a good credential from a wrong secret and a wrong organization.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';

import { startCasdoorEmulator } from '../emulators/casdoor.mjs';

const require = createRequire(import.meta.url);
const { Workflow } = require('n8n-workflow');
const { CasdoorApi } = require('../../dist/credentials/CasdoorApi.credentials.js');

const credentialType = new CasdoorApi();
const workflow = new Workflow({
	id: 'credential-test',
	nodes: [],
	connections: {},
	active: false,
	nodeTypes: { getByName() {}, getByNameAndVersion() {}, getKnownTypes: () => ({}) },
});
const exprNode = { id: 'n', name: 'n', type: 'n', typeVersion: 1, position: [0, 0], parameters: {} };

/** What n8n does for a credential test: resolve, authenticate, send, then apply the rules. */
async function runCredentialTest(credentials) {
	const resolve = (value) =>
		typeof value === 'string' && value.startsWith('=')
			? workflow.expression.getSimpleParameterValue(exprNode, value, 'internal', { $credentials: credentials }, undefined, '')
			: value;
	const { request, rules } = credentialType.test;
	const url = new URL(`${resolve(request.baseURL)}${request.url}`);
	for (const [k, v] of Object.entries(request.qs ?? {})) url.searchParams.set(k, resolve(v));
	const { username, password } = credentialType.authenticate.properties.auth;
	const basic = Buffer.from(`${resolve(username)}:${resolve(password)}`).toString('base64');
	const res = await fetch(url, { method: request.method, headers: { authorization: `Basic ${basic}` } });
	const body = await res.json();
	const failed = rules.find((rule) => body[rule.properties.key] === rule.properties.value);
	return failed ? failed.properties.message : 'OK';
}

let emu;
before(async () => {
	emu = await startCasdoorEmulator();
});
after(() => emu.close());

const good = () => ({ endpoint: `${emu.url}/`, clientId: emu.clientId, clientSecret: emu.clientSecret, organization: 'acme' });

test('a good credential passes (a trailing slash in the Endpoint URL is fine)', async () => {
	assert.equal(await runCredentialTest(good()), 'OK');
	assert.equal(await runCredentialTest({ ...good(), endpoint: `${emu.url}/api` }), 'OK', 'a pasted /api is tolerated');
});

test('a wrong secret fails with a message about the Client ID and Secret', async () => {
	assert.match(await runCredentialTest({ ...good(), clientSecret: 'wrong' }), /Client ID and Client Secret/);
});

test('a missing organization fails with a message about the organization', async () => {
	assert.match(await runCredentialTest({ ...good(), organization: 'Acme Corp' }), /Default Organization does not exist/);
});
