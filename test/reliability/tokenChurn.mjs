// Token churn (issue #15): a whole-directory read (Get All in Directory, through n8n's engine)
// while the directory emulator fails 5% of calls at random with every transient class and
// revokes every token every 40 authenticated calls; each run is compared with the fault-free
// read. Used by tokenChurn.test.mjs (20 seeds per provider) and scripts/chaos.mjs (the report).
//
// Stale-token answers are counted from the emulator's request log, which records which token
// each call carried (tokenSeq) and the newest token issued when it arrived (newestSeq):
// - in flight: rejected with the newest token there was. The call was sent before the
//   revocation was known to anyone (it answers the revoking call, or was on its way while
//   that answer travelled back); no client can avoid these.
// - late: rejected with a token older than the newest one issued when it arrived. The
//   refreshed token existed before the call got there: it was sent with a token read before
//   it queued (the defect: calls waiting behind the pool and the rate limiter kept the token
//   they started with).
import { generateOrg } from '../emulators/orgGenerator.mjs';
import { node, runWorkflowChecked } from '../harness/n8n.mjs';
import { comparable, injectDirectoryFaults, startDirectory } from './chaos.mjs';

export const CHURN = {
	users: 500,
	departments: 80,
	orgSeed: 7,
	/** Share of directory calls that meet a transient fault, split over the provider's classes. */
	rate: 0.05,
	/** Every Nth authenticated call revokes every token issued so far. */
	tokenRevokeEvery: 40,
	/** The request timeout of the credential: a 'timeout' fault costs this long (2 s: a loaded CI machine answered the fault-free read late at 1 s). */
	timeoutSeconds: 2,
	/** DingTalk's QPS in the emulator and the credential (as in the chaos runs: faults, not pacing). */
	dingTalkQps: 200,
};

export const CHURN_SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

/** Token errors: WeCom 40014 (invalid) and 42001 (expired); DingTalk 88 with sub_code "40014". */
const isTokenError = (e) => e.errcode === 40014 || e.errcode === 42001 || e.subCode === '40014';

/** Stale-token answers in a request log (see the top of this file); a 'revoke' answer is the revocation itself. */
export function staleAnswers(log) {
	const stale = log.filter((e) => isTokenError(e) && e.fault !== 'revoke');
	const late = stale.filter((e) => e.tokenSeq < e.newestSeq);
	return { revokes: log.filter((e) => e.fault === 'revoke').length, stale: stale.length, inFlight: stale.length - late.length, late: late.length };
}

function getAll(provider) {
	const [type, resource] = provider === 'wecom' ? ['weCom', 'member'] : ['dingTalk', 'user'];
	return node(type, { resource, operation: 'getAllInDirectory', returnAll: true, output: 'raw' }, { name: 'Get All' });
}

/** One read of the whole directory; with a seed, under churn. Members as sorted canonical lines. */
export async function churnRun(provider, org, settings, seed) {
	const faulty = seed !== undefined;
	const dir = await startDirectory(provider, org, {
		tokenRevokeEvery: faulty ? settings.tokenRevokeEvery : null,
		timeoutSeconds: settings.timeoutSeconds,
		dingTalkQps: settings.dingTalkQps,
	});
	try {
		if (faulty) injectDirectoryFaults(provider, dir.emu, seed, { rate: settings.rate, slowRate: 0 });
		const started = Date.now();
		let result;
		try {
			result = await runWorkflowChecked({ nodes: [getAll(provider)], credentials: dir.credentials }, { canaries: dir.canaries });
		} catch (error) {
			// The canary found a secret or a token in what the run exposed.
			result = { status: 'leak', error, runData: {} };
		}
		const items = result.runData['Get All']?.[0]?.data?.main?.[0] ?? [];
		const members = items.map((i) => comparable(i.json)).sort();
		const log = dir.emu.log;
		return {
			seed,
			status: result.status,
			error: result.error ? `${result.error.message} ${result.error.description ?? ''}`.trim() : undefined,
			members,
			calls: log.filter((e) => !/gettoken$/.test(e.path)).length,
			tokenFetches: log.filter((e) => /gettoken$/.test(e.path)).length,
			faults: log.filter((e) => e.fault && e.fault !== 'revoke').length,
			...staleAnswers(log),
			ms: Date.now() - started,
		};
	} finally {
		await dir.emu.close();
	}
}

/**
 * The fault-free read, then one read per seed under churn, each compared with it. `onRun`
 * sees every run as it ends. Totals: runs, equal, failed (leaks among them), calls, faults, revokes, stale (in
 * flight / late), token fetches.
 */
export async function tokenChurn(provider, seeds = CHURN_SEEDS, overrides = {}, onRun = () => {}) {
	const settings = { ...CHURN, ...overrides };
	const org = generateOrg({ users: settings.users, departments: settings.departments, seed: settings.orgSeed });
	const baseline = await churnRun(provider, org, settings);
	if (baseline.status !== 'success') throw new Error(`the fault-free read failed: ${baseline.error}`);
	const runs = [];
	for (const seed of seeds) {
		const run = await churnRun(provider, org, settings, seed);
		run.equal = run.status === 'success' && run.members.length === baseline.members.length && run.members.every((m, i) => m === baseline.members[i]);
		run.members = run.members.length;
		runs.push(run);
		onRun(run);
	}
	const sum = (key) => runs.reduce((n, r) => n + r[key], 0);
	const totals = {
		provider,
		runs: runs.length,
		equal: runs.filter((r) => r.equal).length,
		failed: runs.filter((r) => r.status !== 'success').length,
		leaks: runs.filter((r) => r.status === 'leak').length,
		members: baseline.members.length,
		baselineCalls: baseline.calls,
		...Object.fromEntries(['calls', 'faults', 'revokes', 'stale', 'inFlight', 'late', 'tokenFetches', 'ms'].map((k) => [k, sum(k)])),
		settings: { ...settings, seeds: seeds.length },
	};
	return { runs, totals };
}
