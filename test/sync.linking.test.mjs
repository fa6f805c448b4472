// Account linking ("Match Existing Users By") and per-field update rules ("Field Update Rules"),
// through the engine: hand-built members → WeCom Map to IAM User → Casdoor / SCIM Sync Users.
// A link is made only when it is certain; users of another source are never taken over.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { startCasdoorEmulator } from './emulators/casdoor.mjs';
import { startScimEmulator } from './emulators/scim.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';

const SOURCE = 'wecom:acme';
const member = (userid, extra = {}) => ({ userid, name: userid.toUpperCase(), department: [1], status: 1, enable: 1, ...extra });
const owned = (name, extra = {}) => ({ name, id: name, externalId: name, displayName: name.toUpperCase(), wecom: name, type: 'normal-user', properties: { source: SOURCE }, ...extra });

function upstream() {
	return [
		member('alice', { email: 'Alice@Acme.com', mobile: '13800000001' }),
		member('bob', { email: 'bob@acme.com' }),
		member('carol', { email: 'carol@acme.com' }),
		member('dave', { email: 'dave@acme.com' }),
	];
}

/** Casdoor before: alice exists as a hand-made account, bob has two, carol's e-mail belongs to another source. */
function casdoorUsers() {
	return [
		{ name: 'a.smith', displayName: 'Alice S.', email: 'alice@acme.com', title: 'Boss' },
		{ name: 'bob1', email: 'bob@acme.com' },
		{ name: 'bob2', email: 'BOB@acme.com' },
		{ name: 'carol-d', email: 'carol@acme.com', properties: { source: 'dingtalk:other' } },
		owned('dave', { displayName: 'Dave (edited in Casdoor)', email: '' }),
	];
}

const SYNC = { resource: 'user', operation: 'syncUsers', mode: 'apply', syncOptions: { inputIsComplete: true } };

async function casdoorSync(emu, members, params = {}) {
	const run = await runWorkflow({
		nodes: [
			node('weCom', { resource: 'member', operation: 'mapToIamUser', organization: 'acme', sourceName: 'acme' }, { name: 'Map' }),
			node('casdoor', { ...SYNC, ...params }, { name: 'Sync' }),
		],
		credentials: {
			casdoorApi: { endpoint: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret, organization: 'acme' },
			weComApi: { corpId: 'wwunused', secret: 'unused-secret', baseUrl: 'http://127.0.0.1:9' },
		},
		input: members.map((json) => ({ json })),
	});
	assert.equal(run.status, 'success', run.error?.message);
	return run.output('Sync');
}

const byName = (out) => Object.fromEntries(out.filter((o) => o.action !== 'summary').map((o) => [o.name, o]));
const summary = (out) => out.find((o) => o.action === 'summary');
const writes = (emu) => emu.log.filter((e) => e.method === 'POST');

test('Casdoor, Match Existing Users By Email: one candidate is linked, two are a conflict, another source\'s user is never taken', async () => {
	const emu = await startCasdoorEmulator({ users: casdoorUsers() });
	try {
		const dry = await casdoorSync(emu, upstream(), { mode: 'dryRun', linkBy: 'email' });
		const plan = byName(dry);
		assert.equal(plan['a.smith'].action, 'link');
		assert.equal(plan['a.smith'].status, 'planned');
		assert.match(plan['a.smith'].reason, /owned by no source with the same e-mail/);
		assert.equal(plan.bob.action, 'skip');
		assert.match(plan.bob.reason, /conflict: 2 Casdoor users owned by no source have this e-mail \("bob1", "bob2"\)/);
		assert.equal(plan.carol.action, 'create', "carol-d belongs to another source: not a candidate");
		assert.equal(summary(dry).linked, 1);
		assert.equal(writes(emu).length, 0, 'Dry Run writes nothing');

		// Casdoor's e-mails are unique: carol's create would be refused (carol-d has it), so she is left out from here on.
		const rest = upstream().filter((m) => m.userid !== 'carol');
		const applied = await casdoorSync(emu, rest, { linkBy: 'email' });
		assert.equal(summary(applied).linked, 1);
		const linked = emu.user('a.smith');
		assert.equal(linked.properties.source, SOURCE);
		assert.deepEqual([linked.externalId, linked.wecom, linked.displayName], ['alice', 'alice', 'ALICE']);
		assert.equal(emu.user('alice'), undefined, 'no second account was created');
		assert.deepEqual([emu.user('bob1').properties?.source, emu.user('bob2').properties?.source], [undefined, undefined]);
		assert.equal(emu.user('carol-d').properties.source, 'dingtalk:other');

		// The linked user is this source's now: found again by its directory ID, nothing to write.
		emu.clearLog();
		const again = await casdoorSync(emu, rest, { linkBy: 'email' });
		assert.equal(byName(again)['a.smith'], undefined);
		assert.equal(writes(emu).filter((w) => /a\.smith/.test(JSON.stringify(w))).length, 0);
		// …and removed like any of its users when it leaves the directory.
		const left = await casdoorSync(emu, rest.filter((m) => m.userid !== 'alice'), { linkBy: 'email', syncOptions: { inputIsComplete: true, maxRemovalPercent: 100 } });
		assert.equal(byName(left)['a.smith'].action, 'forbid');
		assert.equal(emu.user('a.smith').isForbidden, true);
	} finally {
		await emu.close();
	}
});

test('Casdoor, linking off (the default): a hand-made account with the same e-mail is left alone', async () => {
	const emu = await startCasdoorEmulator({ users: casdoorUsers() });
	try {
		const out = await casdoorSync(emu, upstream(), { mode: 'dryRun' });
		assert.equal(byName(out).alice.action, 'create');
		assert.equal(byName(out)['a.smith'], undefined);
		assert.equal(summary(out).linked, undefined);
	} finally {
		await emu.close();
	}
});

test('Casdoor, Match By Phone and Job Number (user name) link too; a candidate while another user holds the name is a conflict', async () => {
	const phone = await startCasdoorEmulator({ users: [{ name: 'al', phone: '13800000001', countryCode: 'CN' }] });
	const job = await startCasdoorEmulator({ users: [{ name: 'alice', email: 'x@y.z' }] });
	const both = await startCasdoorEmulator({ users: [{ name: 'alice', email: 'x@y.z' }, { name: 'al', phone: '13800000001', countryCode: 'CN' }] });
	try {
		// +86 or not, the same digits: Casdoor stores the national number and the country apart.
		const byPhone = byName(await casdoorSync(phone, [{ ...upstream()[0], mobile: '+86 138 0000 0001' }], { mode: 'dryRun', linkBy: 'phone' }));
		assert.equal(byPhone.al.action, 'link');
		const byJob = byName(await casdoorSync(job, [upstream()[0]], { mode: 'dryRun', linkBy: 'jobNumber' }));
		assert.equal(byJob.alice.action, 'link');
		const clash = byName(await casdoorSync(both, [upstream()[0]], { mode: 'dryRun', linkBy: 'phone' }));
		assert.match(clash.alice.reason, /conflict: the Casdoor user "al" has this phone number, but another Casdoor user holds this user's name/);
	} finally {
		await Promise.all([phone.close(), job.close(), both.close()]);
	}
});

test('Field Update Rules: Never Update keeps an edited display name, Fill Only If Empty fills only empty fields', async () => {
	const emu = await startCasdoorEmulator({ users: [owned('dave', { displayName: 'Dave (edited)', email: '', title: 'Kept title' })] });
	try {
		const members = [member('dave', { email: 'dave@acme.com', position: 'Directory title' })];
		const fieldRules = { rule: [{ field: 'displayName', update: 'never' }, { field: 'email', update: 'fillEmpty' }, { field: 'title', update: 'fillEmpty' }] };
		const out = await casdoorSync(emu, members, { fieldRules });
		assert.deepEqual(byName(out).dave.columns, ['email']);
		assert.deepEqual([emu.user('dave').displayName, emu.user('dave').email, emu.user('dave').title], ['Dave (edited)', 'dave@acme.com', 'Kept title']);
		const again = await casdoorSync(emu, members, { fieldRules, mode: 'dryRun' });
		assert.equal(summary(again).updated, 0, 'a second sync writes nothing');
		// Without the rules the directory wins again.
		await casdoorSync(emu, members);
		assert.deepEqual([emu.user('dave').displayName, emu.user('dave').title], ['DAVE', 'Directory title']);
	} finally {
		await emu.close();
	}
});

test('SCIM, Match Existing Users By External ID: the IdP account is adopted (its externalId takes the ownership mark); another source\'s is not', async () => {
	const emu = await startScimEmulator({
		users: [
			{ userName: 'alice.s', externalId: 'alice', displayName: 'Alice S.', active: true },
			{ userName: 'bob.x', externalId: 'dingtalk:other/bob', active: true },
		],
	});
	try {
		const run = await runWorkflow({
			nodes: [
				node('weCom', { resource: 'member', operation: 'mapToIamUser', organization: 'acme', sourceName: 'acme' }, { name: 'Map' }),
				node('scim', { ...SYNC, linkBy: 'externalId', fieldRules: { rule: [{ field: 'userName', update: 'never' }] } }, { name: 'Sync' }),
			],
			credentials: {
				scimApi: { baseUrl: emu.url, authentication: 'bearerToken', token: emu.token },
				weComApi: { corpId: 'wwunused', secret: 'unused-secret', baseUrl: 'http://127.0.0.1:9' },
			},
			input: [member('alice'), member('bob')].map((json) => ({ json })),
		});
		assert.equal(run.status, 'success', run.error?.message);
		const out = Object.fromEntries(run.output('Sync').filter((o) => o.action !== 'summary').map((o) => [o.userName, o]));
		assert.equal(out['alice.s'].action, 'link');
		assert.equal(emu.user('alice.s').externalId, `${SOURCE}/alice`);
		assert.equal(emu.user('alice.s').displayName, 'ALICE');
		assert.equal(emu.user('bob.x').externalId, 'dingtalk:other/bob');
		assert.equal(out.bob.action, 'create');
	} finally {
		await emu.close();
	}
});
