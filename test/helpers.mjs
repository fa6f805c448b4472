// Shared bits for engine tests: credentials for an emulator, and the secret canary.
import assert from 'node:assert/strict';

export function weComCredentials(emu, kind = 'app', extra = {}) {
	return {
		corpId: emu.corpId,
		secret: kind === 'app' ? emu.secrets.app : emu.secrets.contacts,
		agentId: '1000002',
		baseUrl: emu.url,
		maxConcurrency: 8,
		callsPerMinute: 9000,
		...extra,
	};
}

/** Everything a run exposes: outputs of every node (both outputs), the run error, node errors. */
export function everythingVisible(result) {
	const parts = [JSON.stringify(result.runData), JSON.stringify(result.error ?? null)];
	if (result.error) parts.push(String(result.error.message), String(result.error.description ?? ''), String(result.error.stack ?? ''));
	for (const runs of Object.values(result.runData)) {
		for (const task of runs) {
			if (task.error) parts.push(task.error.message, String(task.error.description ?? ''), String(task.error.stack ?? ''));
		}
	}
	return parts.join('\n');
}

/** Fail if any secret or any token the emulator issued appears in what the run exposes. */
export function assertNoSecrets(result, secrets) {
	const text = everythingVisible(result);
	for (const secret of secrets.filter(Boolean)) {
		assert.ok(!text.includes(secret), `a secret leaked into the run output: ${secret.slice(0, 4)}…`);
	}
}
