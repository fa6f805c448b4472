import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { generateOrg } from './emulators/orgGenerator.mjs';
import { startWeComEmulator } from './emulators/wecom.mjs';
import { node, runWorkflow } from './harness/n8n.mjs';
import { assertNoSecrets, weComCredentials } from './helpers.mjs';

const org = generateOrg({ users: 150, departments: 16, seed: 11 });
const getAll = { resource: 'member', operation: 'getAllInDirectory', returnAll: true, output: 'raw' };

async function walk(emu, { kind = 'app', credentials = {}, extra = {}, input, params = getAll } = {}) {
	return await runWorkflow({
		nodes: [node('weCom', params, { name: 'WeCom', ...extra })],
		credentials: { weComApi: weComCredentials(emu, kind, credentials) },
		input,
	});
}

function fingerprint(result) {
	return result
		.output('WeCom')
		.map((m) => `${m.userid}:${[...m.department].sort((a, b) => a - b).join(',')}:${m.status}:${m.enable}`)
		.sort()
		.join('\n');
}

describe('WeCom transport behaviour under faults, expiry and limits', () => {
	let emu;
	let baseline;
	before(async () => {
		emu = await startWeComEmulator({ org });
		baseline = fingerprint(await walk(emu));
	});
	after(async () => {
		await emu.close();
	});

	for (const kind of ['-1', '45033', '6000', '502', 'reset', 'slow']) {
		test(`transient fault ${kind} is retried and the result equals a fault-free run`, async () => {
			emu.clearLog();
			emu.injectFaults({ kind, rate: 0.3, seed: 3, count: 6 });
			try {
				const r = await walk(emu);
				assert.equal(r.status, 'success', r.error?.message);
				assert.equal(fingerprint(r), baseline);
			} finally {
				emu.clearFaults();
			}
		});
	}

	test('a 45009 rate-limit block is waited out and recovered', async () => {
		emu.injectFaults({ kind: '45009', rate: 1, count: 2, seed: 1 });
		try {
			const r = await walk(emu);
			assert.equal(r.status, 'success', r.error?.message);
			assert.equal(fingerprint(r), baseline);
		} finally {
			emu.clearFaults();
		}
	});

	test('a request that never answers times out and is retried', async () => {
		emu.injectFaults({ kind: 'timeout', rate: 1, count: 1, seed: 1 });
		try {
			const r = await walk(emu, { credentials: { timeoutSeconds: 1 } });
			assert.equal(r.status, 'success', r.error?.message);
			assert.equal(fingerprint(r), baseline);
		} finally {
			emu.clearFaults();
		}
	});

	test('token expired mid-walk (42001): refreshed once, walk completes', async () => {
		const fresh = await startWeComEmulator({ org });
		try {
			await walk(fresh);
			fresh.clearLog();
			fresh.expireTokens();
			const r = await walk(fresh);
			assert.equal(r.status, 'success', r.error?.message);
			assert.equal(fingerprint(r), baseline);
			assert.equal(fresh.count('/cgi-bin/gettoken'), 1, 'one refresh shared by every concurrent call');
		} finally {
			await fresh.close();
		}
	});

	test('token invalidated early (40014): refreshed once, walk completes', async () => {
		const fresh = await startWeComEmulator({ org });
		try {
			await walk(fresh);
			fresh.clearLog();
			fresh.invalidateTokens();
			const r = await walk(fresh);
			assert.equal(r.status, 'success', r.error?.message);
			assert.equal(fingerprint(r), baseline);
			assert.equal(fresh.count('/cgi-bin/gettoken'), 1);
			assert.ok(fresh.log.some((e) => e.errcode === 40014));
		} finally {
			await fresh.close();
		}
	});

	test('the concurrency pool keeps under a concurrency cap; over it, 45033 is recovered', async () => {
		const capped = await startWeComEmulator({ org, concurrencyCap: 4, latencyMs: 10 });
		try {
			const under = await walk(capped, { credentials: { maxConcurrency: 4 } });
			assert.equal(fingerprint(under), baseline);
			assert.ok(!capped.log.some((e) => e.errcode === 45033), 'no 45033 within the cap');
			capped.clearLog();
			const over = await walk(capped, { credentials: { maxConcurrency: 16 } });
			assert.equal(over.status, 'success', over.error?.message);
			assert.equal(fingerprint(over), baseline);
		} finally {
			await capped.close();
		}
	});

	test('the rate limiter keeps a walk under the per-API limit', async () => {
		// 20 calls per minute per API, with a walk needing 17 user/list calls: no 45009.
		const limited = await startWeComEmulator({ org, rateLimitPerMinute: 20 });
		try {
			const r = await walk(limited, { credentials: { callsPerMinute: 20 } });
			assert.equal(r.status, 'success', r.error?.message);
			assert.ok(!limited.log.some((e) => e.errcode === 45009));
		} finally {
			await limited.close();
		}
	});

	const configCases = [
		['wrong secret', { credentials: { secret: 'not-the-secret-0001' } }, {}, 40001, /Secret/],
		['untrusted IP', {}, { trustedIps: false }, 60020, /Trusted IPs/],
		['contacts-sync secret from a new IP', { kind: 'contacts' }, { newIp: true }, 48009, /self-built app secret/],
		[
			'department outside the app scope',
			{ params: { resource: 'member', operation: 'getMany', departmentId: { __rl: true, mode: 'id', value: '1' }, includeSubDepartments: false, returnAll: true, output: 'raw' } },
			{ appScope: [org.departments.find((d) => d.parentId === 1).id] },
			60011,
			/visible scope/,
		],
	];
	for (const [name, runOpts, emuOpts, code, hint] of configCases) {
		test(`configuration error (${name}) stops once with the fix, even with Continue on fail`, async () => {
			const e = await startWeComEmulator({ org, ...emuOpts });
			try {
				const input = [{ json: {} }, { json: {} }, { json: {} }];
				const r = await walk(e, { ...runOpts, input, extra: { onError: 'continueErrorOutput' } });
				const errors = [...r.items('WeCom', 0), ...r.items('WeCom', 1)].filter((i) => i.json.error);
				const nodeError = r.nodeError('WeCom') ?? r.error;
				const message = errors.length ? `${errors[0].json.error} ${errors[0].json.message?.description ?? ''}` : `${nodeError?.message} ${nodeError?.description}`;
				assert.ok(errors.length <= 1, 'reported once, not per item');
				assert.match(message, new RegExp(String(code)));
				assert.match(message, hint);
				const calls = e.log.filter((x) => x.errcode === code).length;
				assert.equal(calls, 1, 'no retries and no repeats for a configuration error');
				assertNoSecrets(r, [e.secrets.app, e.secrets.contacts, 'not-the-secret-0001', ...e.issuedTokens()]);
			} finally {
				await e.close();
			}
		});
	}

	test('canary: no secret or access token in outputs or errors of successful and failing runs', async () => {
		const r1 = await walk(emu);
		const r2 = await runWorkflow({
			nodes: [node('weCom', { resource: 'member', operation: 'get', userId: 'nobody', output: 'raw' }, { name: 'WeCom', onError: 'continueRegularOutput' })],
			credentials: { weComApi: weComCredentials(emu) },
		});
		emu.injectFaults({ kind: '502', rate: 1, seed: 1 });
		let r3;
		try {
			r3 = await walk(emu, { credentials: { timeoutSeconds: 1 } });
		} finally {
			emu.clearFaults();
		}
		assert.equal(r3.status, 'error');
		for (const r of [r1, r2, r3]) assertNoSecrets(r, [emu.secrets.app, emu.secrets.contacts, ...emu.issuedTokens()]);
	});
});
