// Shared bits for the DingTalk engine tests: credentials for an emulator, the node shortcut,
// log queries and the secret canary.
import assert from 'node:assert/strict';
import { node } from '../harness/n8n.mjs';

export function dingTalkCredentials(emu, extra = {}) {
	return { dingTalkApi: { appKey: emu.appKey, appSecret: emu.appSecret, qpsPlan: 0, qps: emu.options.qps, baseUrl: emu.url, ...extra } };
}

/** The DingTalk node named 'D'. */
export function dingTalk(parameters, extra = {}) {
	return node('dingTalk', parameters, { name: 'D', ...extra });
}

/** A resource-locator value in "By ID" mode. */
export const byId = (value) => ({ __rl: true, mode: 'id', value: String(value) });

/** Log entries for one /topapi path (or 'gettoken'). */
export function calls(emu, path) {
	const p = path === 'gettoken' ? '/gettoken' : path.startsWith('/') ? path : `/topapi/${path}`;
	return emu.log.filter((e) => e.path === p);
}

/** Answers that were a QPS refusal (88 + "90018"). */
export function rateLimited(emu) {
	return emu.log.filter((e) => e.subCode === '90018' || e.errcode === 90018);
}

/** Everything a run exposes: outputs of every node (both outputs), the run error, node errors. */
export function everythingVisible(result) {
	const parts = [JSON.stringify(result.runData), JSON.stringify(result.error ?? null)];
	if (result.error) parts.push(String(result.error.message), String(result.error.description ?? ''), String(result.error.stack ?? ''));
	for (const runs of Object.values(result.runData)) {
		for (const task of runs) {
			if (task.error) parts.push(task.error.message, String(task.error.description ?? ''), String(task.error.stack ?? ''), JSON.stringify(task.error));
		}
	}
	return parts.join('\n');
}

/** Fail if the app secret or any token the emulator issued appears in what the run exposes. */
export function assertNoSecrets(result, emu) {
	const text = everythingVisible(result);
	for (const secret of [emu.appSecret, ...emu.issuedTokens()]) {
		assert.ok(!text.includes(secret), `a secret leaked into the run output: ${secret.slice(0, 4)}…`);
	}
}

/** A department of the org with more than `n` direct members. */
export function bigDepartment(org, n = 100) {
	const counts = new Map();
	for (const u of org.users) for (const d of u.departments) counts.set(d, (counts.get(d) ?? 0) + 1);
	const [id, size] = [...counts].sort((a, b) => b[1] - a[1])[0];
	assert.ok(size > n, `the org needs a department with more than ${n} users (largest: ${size})`);
	return { id, size, userids: org.users.filter((u) => u.departments.includes(id)).map((u) => u.userid) };
}
