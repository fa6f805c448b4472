// Message Send through the n8n engine: the welcome message of an onboarding workflow.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { generateOrg } from './emulators/orgGenerator.mjs';
import { startWeComEmulator } from './emulators/wecom.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';
import { assertNoSecrets, weComCredentials } from './helpers.mjs';

const org = generateOrg({ users: 40, departments: 6, seed: 61 });

async function run(emu, parameters, { input = [{ json: {} }], kind = 'app', credentials, onError = 'continueErrorOutput' } = {}) {
	return await runWorkflow({
		nodes: [node('weCom', { resource: 'message', operation: 'send', toDepartments: '', toTags: '', options: {}, ...parameters }, { name: 'WeCom', ...(onError ? { onError } : {}) })],
		credentials: { weComApi: weComCredentials(emu, kind, credentials) },
		input,
	});
}

describe('Message Send through the engine', () => {
	let emu;
	before(async () => {
		emu = await startWeComEmulator({ org });
	});
	after(async () => {
		await emu.close();
	});

	test('text to the new member, per item, with the credential\'s Agent ID', async () => {
		const users = org.users.slice(0, 3).map((u) => u.userid);
		const r = await run(emu, { toUsers: '={{ $json.userid }}', messageType: 'text', content: '=欢迎 {{ $json.userid }}!', options: { confidential: true } }, {
			input: users.map((userid) => ({ json: { userid } })),
		});
		const out = r.output('WeCom');
		assert.equal(out.length, 3);
		assert.ok(out.every((o) => o.msgid && o.invaliduser.length === 0 && !o.warning));
		const sent = emu.messages.slice(-3);
		assert.deepEqual(sent.map((m) => [m.agentid, m.touser, m.content]).sort(), users.map((u) => [1000002, [u], `欢迎 ${u}!`]).sort());
		assert.equal(emu.log.filter((e) => e.path === '/cgi-bin/message/send')[0].body.safe, 1);
		assertNoSecrets(r, [emu.secrets.app, ...emu.issuedTokens()]);
	});

	test('markdown and text card to departments and tags', async () => {
		const dept = org.departments[1].id;
		const md = await run(emu, { toUsers: '', toDepartments: String(dept), toTags: '1', messageType: 'markdown', content: '**Welcome**' });
		assert.equal(md.output('WeCom')[0].invalidparty.length, 0);
		assert.deepEqual([emu.messages.at(-1).msgtype, emu.messages.at(-1).toparty, emu.messages.at(-1).totag], ['markdown', [dept], [1]]);
		const card = await run(emu, {
			toUsers: org.users[4].userid, messageType: 'textCard', title: '入职指引', description: '请查看', url: 'https://intranet.example.com/onboarding',
			options: { buttonText: '查看', duplicateCheckSeconds: 600 },
		});
		assert.ok(card.output('WeCom')[0].msgid);
		assert.deepEqual(emu.messages.at(-1).title, '入职指引');
		const body = emu.log.filter((e) => e.path === '/cgi-bin/message/send').at(-1).body;
		assert.deepEqual([body.textcard.btntxt, body.enable_duplicate_check, body.duplicate_check_interval], ['查看', 1, 600]);
	});

	test('invalid recipients are reported on the item; all invalid (81013) is an item error', async () => {
		const r = await run(emu, { toUsers: '={{ $json.to }}', toTags: '={{ $json.tags }}', messageType: 'text', content: 'hi' }, {
			input: [{ json: { to: `${org.users[5].userid}, ghost.a`, tags: '1, 99' } }, { json: { to: 'ghost.b', tags: '' } }],
		});
		const [partial] = r.output('WeCom');
		assert.deepEqual([partial.invaliduser, partial.invalidtag], [['ghost.a'], [99]]);
		assert.match(partial.warning, /Not delivered to: ghost\.a, 99/);
		const [error] = r.output('WeCom', 1);
		assert.equal(error.message.errcode, 81013);
		assert.match(error.message.description, /None of the recipients/);
	});

	test('invalid content or recipients fail the item before any call', async () => {
		emu.clearLog();
		const r = await run(emu, { toUsers: '={{ $json.to }}', messageType: 'text', content: '={{ $json.text }}' }, {
			input: [{ json: { to: '', text: 'x' } }, { json: { to: 'a', text: '' } }, { json: { to: 'a', text: '字'.repeat(700) } }, { json: { to: '-bad', text: 'x' } }],
		});
		assert.deepEqual(r.output('WeCom', 1).map((e) => e.message.field), ['To Members', 'Text', 'Text', 'To Members']);
		assert.equal(emu.count(), 0);
	});

	test('a missing Agent ID stops the run once, before any call', async () => {
		emu.clearLog();
		const r = await run(emu, { toUsers: org.users[0].userid, messageType: 'text', content: 'hi' }, {
			credentials: { agentId: '' },
			input: [{ json: {} }, { json: {} }, { json: {} }],
		});
		assert.equal(r.status, 'error');
		assert.match(r.error.message, /Agent ID/);
		assert.match(r.error.description, /AgentId.*credential/);
		assert.equal(emu.count(), 0, 'not even a token was fetched');
	});

	test('the contacts-sync secret (48002) and another app\'s Agent ID (301002) are explained for messages', async () => {
		const contacts = await run(emu, { toUsers: org.users[0].userid, messageType: 'text', content: 'hi' }, { kind: 'contacts' });
		assert.equal(contacts.status, 'error');
		assert.match(contacts.error.description, /sent by a self-built app.*contacts-sync secret cannot send/);
		const other = await run(emu, { toUsers: org.users[0].userid, messageType: 'text', content: 'hi' }, { credentials: { agentId: '1000099' } });
		assert.equal(other.status, 'error');
		assert.match(other.error.description, /not the app this Secret belongs to/);
	});
});
