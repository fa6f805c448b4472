// npm run chaos — the reliability and security suite, measured, written to docs/reliability.md.
//
//   node scripts/chaos.mjs [--seeds 50] [--users 1000] [--departments 250] [--churn-seeds 20] [--out docs/reliability.md]
//
// 1. Chaos: for WeCom and DingTalk, Get All in Directory → Map to IAM User → Casdoor Sync Users
//    (Apply) through n8n's engine, `seeds` runs each under random faults in the directory and
//    in Casdoor, each compared with the fault-free run (test/reliability/chaos.mjs).
// 1b. Token churn: for WeCom and DingTalk, Get All in Directory alone under 5% transient faults
//    with every token revoked every 40 calls, `churn-seeds` runs each compared with the
//    fault-free read, and the stale-token answers counted (test/reliability/tokenChurn.mjs).
// 2. Hard failures and guards: the node:test files in test/reliability/ (IP ban, secret revoked
//    mid-run, emulators that stop answering, empty and shrunk sources, incomplete reads).
// 3. Bad input: the generated invalid inputs for every write operation (test/reliability/fuzz.mjs).
// 4. Secret canary: every engine run above is scanned for its credentials' secrets and every
//    token the emulators issued.
// The package must be built first (npm run chaos builds it).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { canaryStats } from '../test/harness/n8n.mjs';
import { DEFAULTS, FAULT_CLASSES, SLOW_PATH, chaos } from '../test/reliability/chaos.mjs';
import { FUZZ_SUITES, runProvider } from '../test/reliability/fuzz.mjs';
import { CHURN, tokenChurn } from '../test/reliability/tokenChurn.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function arg(name, fallback) {
	const at = process.argv.indexOf(`--${name}`);
	return at >= 0 ? process.argv[at + 1] : fallback;
}

const seedCount = Number(arg('seeds', 50));
const settings = {
	users: Number(arg('users', 1000)),
	departments: Number(arg('departments', 250)),
	rate: DEFAULTS.rate,
	casdoorRate: DEFAULTS.casdoorRate,
	tokenRevokeEvery: DEFAULTS.tokenRevokeEvery,
	slowRate: DEFAULTS.slowRate,
	slowMs: DEFAULTS.slowMs,
	timeoutSeconds: DEFAULTS.timeoutSeconds,
	casdoorTimeoutSeconds: DEFAULTS.casdoorTimeoutSeconds,
};
const out = resolve(ROOT, arg('out', 'docs/reliability.md'));
const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);
const churnSeeds = Array.from({ length: Number(arg('churn-seeds', 20)) }, (_, i) => i + 1);
const started = new Date();
const log = (line) => process.stdout.write(`${line}\n`);

// ---- 1. chaos -----------------------------------------------------------------------------------
const chaosTotals = {};
for (const provider of ['wecom', 'dingtalk']) {
	log(`chaos ${provider}: ${seedCount} seeds, ${settings.users} users, ${settings.departments} departments`);
	const { totals } = await chaos(provider, seeds, settings, (r) => {
		const faults = Object.values(r.directoryFaults).reduce((a, b) => a + b, 0) + Object.values(r.casdoorFaults).reduce((a, b) => a + b, 0);
		log(`  seed ${String(r.seed).padStart(2)}: ${r.status}${r.equal ? ', equal' : ', DIFFERENT'} — ${faults} faults, ${(r.ms / 1000).toFixed(1)} s${r.error ? ` — ${r.error.slice(0, 200)}` : ''}`);
	});
	chaosTotals[provider] = totals;
}

// ---- 1b. token churn ------------------------------------------------------------------------------
const churnTotals = {};
for (const provider of ['wecom', 'dingtalk']) {
	log(`token churn ${provider}: ${churnSeeds.length} seeds, ${CHURN.users} users, ${CHURN.departments} departments, ${CHURN.rate * 100}% faults, tokens revoked every ${CHURN.tokenRevokeEvery} calls`);
	const { totals } = await tokenChurn(provider, churnSeeds, {}, (r) => {
		log(`  seed ${String(r.seed).padStart(2)}: ${r.status}${r.equal ? ', equal' : ', DIFFERENT'} — ${r.faults} faults, ${r.revokes} revocations, ${r.stale} stale-token answers (${r.late} late), ${(r.ms / 1000).toFixed(1)} s${r.error ? ` — ${r.error.slice(0, 200)}` : ''}`);
	});
	churnTotals[provider] = totals;
}

// ---- 2. hard failures and guards (node:test) ------------------------------------------------------
const testFiles = ['test/reliability/hardFailures.test.mjs', 'test/reliability/fuzz.test.mjs', 'test/unit/incompleteRead.test.mjs', 'test/unit/inputText.test.mjs'];
log(`hard failures and guards: ${testFiles.join(', ')}`);
const tap = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...testFiles], { cwd: ROOT, encoding: 'utf8' });
const tapCount = (what) => Number((tap.stdout.match(new RegExp(`^# ${what} (\\d+)`, 'm')) ?? [])[1] ?? 0);
// Every test, not the suites that group them (a suite's TAP block says type: 'suite').
const lines = tap.stdout.split('\n');
const names = [];
lines.forEach((line, i) => {
	const m = /^(?: {4})?(ok|not ok) \d+ - (.+)$/.exec(line);
	if (!m) return;
	const end = lines.findIndex((l, j) => j > i && /^\s*\.\.\.$/.test(l));
	if (lines.slice(i + 1, end < 0 ? i + 8 : end).some((l) => /type: 'suite'/.test(l))) return;
	names.push(`${m[1] === 'ok' ? 'pass' : 'FAIL'}: ${m[2]}`);
});
const hard = { tests: tapCount('tests'), pass: tapCount('pass'), fail: tapCount('fail'), names };
log(`  ${hard.pass} of ${hard.tests} passed`);

// ---- 3. bad input ---------------------------------------------------------------------------------
log('bad input fuzz');
const fuzz = [];
for (const provider of Object.keys(FUZZ_SUITES)) for (const r of await runProvider(provider)) fuzz.push({ provider, ...r });
const fuzzCases = fuzz.reduce((n, r) => n + r.cases, 0);
const fuzzValid = fuzz.reduce((n, r) => n + r.valid, 0);
const fuzzProblems = fuzz.flatMap((r) => r.problems);
log(`  ${fuzzCases} invalid inputs in ${fuzz.length} operations, ${fuzzProblems.length} problems`);
for (const p of fuzzProblems) log(`    ${p}`);

// ---- the report -------------------------------------------------------------------------------------
const w = chaosTotals.wecom;
const d = chaosTotals.dingtalk;
const chaosRow = (name, t) =>
	`| Chaos: ${name} (Get All → Map → Sync Users, Apply) | ${t.runs} runs, ${t.directoryCalls} directory and ${t.casdoorCalls} Casdoor calls | ${t.directoryFaults} in the directory, ${t.casdoorFaults} in Casdoor | ${t.retries} retries; ${t.tokenRefreshes} calls retried with a fresh token (${t.tokenFetches} token fetches) | ${t.missing} / ${t.duplicated} | ${t.failed - t.leaks} | ${t.leaks} |`;
const kinds = (t, provider) =>
	[...FAULT_CLASSES[provider], 'revoke', 'slow']
		.map((k) => `${k} ${t.faultsByKind[k] ?? 0}`)
		.concat(FAULT_CLASSES.casdoor.map((k) => `Casdoor ${k} ${t.faultsByKind[`casdoor:${k}`] ?? 0}`))
		.join(', ');
const churnRow = (name, t) =>
	`| Token churn: ${name} (Get All in Directory) | ${t.runs} runs, ${t.calls} calls | ${t.faults} transient, ${t.revokes} token revocations | ${t.stale} stale-token answers (${(t.stale / Math.max(1, t.calls) * 100).toFixed(1)}% of calls): ${t.inFlight} already on their way, ${t.late} sent after the refresh; ${t.tokenFetches} token fetches | ${t.runs - t.equal} runs not equal | ${t.failed - t.leaks} | ${t.leaks} |`;
const churnPassed = Object.values(churnTotals).every((t) => t.failed === 0 && t.equal === t.runs && t.late === 0);
const allPassed = churnPassed && w.failed === 0 && d.failed === 0 && w.unequal === 0 && d.unequal === 0 && hard.fail === 0 && hard.tests > 0 && fuzzProblems.length === 0;
const report = `# Reliability and security, measured

Produced by \`npm run chaos\` (scripts/chaos.mjs) on ${started.toISOString().slice(0, 10)}, Node ${process.version}: ${allPassed ? 'every check passed' : '**some checks failed — see below**'}.
\`npm test\` runs a short version of each part (two seeds per provider on a 100-user org).

| Check | Runs / inputs | Faults injected | Recovered by | Lost / duplicated | Failed runs | Secret leaks |
|---|---|---|---|---|---|---|
${chaosRow('WeCom', w)}
${chaosRow('DingTalk', d)}
${churnRow('WeCom', churnTotals.wecom)}
${churnRow('DingTalk', churnTotals.dingtalk)}
| Hard failures, guards, fuzz and canary tests, node:test (IP ban, secret revoked, service stops answering, empty / shrunk / incomplete source) | ${hard.tests} tests, ${hard.pass} passed | — | one clear error each; no partial sync | — | ${hard.fail} | 0 |
| Bad input (every write operation of WeCom, DingTalk, Casdoor) | ${fuzzCases} invalid inputs, ${fuzzValid} valid neighbours, ${fuzz.length} operations | — | one error item per invalid input, naming the field; no call for it | — | ${fuzzProblems.length} problems | 0 |
| Secret canary (credentials with unique canary secrets; outputs, errors, descriptions, stacks and every log line scanned for them and for every token issued) | ${canaryStats.runs} chaos and fuzz runs scanned here (${canaryStats.canariesChecked} canary checks); the hard-failure and guard tests scan theirs and fail on a leak | — | — | — | — | ${canaryStats.leaks} |

**Settings.** Org: ${settings.users} users, ${settings.departments} departments (generated, seed ${DEFAULTS.orgSeed}). Directory faults: ${Math.round(settings.rate * 100)}% of calls in total, split evenly over every transient class (WeCom: ${FAULT_CLASSES.wecom.join(', ')}; DingTalk: ${FAULT_CLASSES.dingtalk.join(', ')}; 502 is the gateway's HTML page, timeout an answer that never comes); every token revoked every ${settings.tokenRevokeEvery} authenticated calls; a slow endpoint (${Math.round(settings.slowRate * 100)}% of ${SLOW_PATH.wecom} / ${SLOW_PATH.dingtalk} answer ${settings.slowMs} ms late). Casdoor faults: ${Math.round(settings.casdoorRate * 100)}% of calls (${FAULT_CLASSES.casdoor.join(', ')}; resetAfterApply performs the write and drops the answer). Request timeouts ${settings.timeoutSeconds} s (directory), ${settings.casdoorTimeoutSeconds} s (Casdoor). Casdoor starts from a previous sync with work to do (${d.baseline.summary.created} to create, ${d.baseline.summary.updated} to update, ${d.baseline.summary.unforbidden} to unforbid, ${d.baseline.summary.forbidden} to forbid for DingTalk; ${w.baseline.summary.created} / ${w.baseline.summary.updated} / ${w.baseline.summary.unforbidden} / ${w.baseline.summary.forbidden} for WeCom).

**Token churn.** Get All in Directory alone (raw output) on a ${CHURN.users}-user, ${CHURN.departments}-department org, ${churnSeeds.length} seeds per provider: ${CHURN.rate * 100}% of calls meet a transient fault (the classes above, no slow endpoint) and every ${CHURN.tokenRevokeEvery}th authenticated call revokes every token; request timeout ${CHURN.timeoutSeconds} s, DingTalk at ${CHURN.dingTalkQps} QPS. Each read is compared with the fault-free read (${churnTotals.wecom.baselineCalls} WeCom / ${churnTotals.dingtalk.baselineCalls} DingTalk calls). A stale-token answer is a call rejected with a revoked token: "on their way" ones carried the newest token there was when they arrived (sent before anyone knew of the revocation); "sent after the refresh" ones carried an older token than one already issued — calls that queued with the token they started with, which a call no longer does (it reads its token when it is sent).

**What "equal" means.** Each faulty run is compared with the same run without faults: the Get All in Directory items (every member once, with the same departments and fields: no duplicate, none missing) and the whole Casdoor organization afterwards (every user and every column but the server's timestamps). ${w.runs - w.unequal} of ${w.runs} WeCom runs and ${d.runs - d.unequal} of ${d.runs} DingTalk runs were equal. Retries and token refreshes are the transports' own counts (logged per node run at debug level).

**Faults by kind.** WeCom: ${kinds(w, 'wecom')}. DingTalk: ${kinds(d, 'dingtalk')}.

**The node:test files** (hard failures, guards, the fuzz, the canary, the incomplete-read and text-rule unit tests; ${hard.pass}/${hard.tests}):
${hard.names.map((n) => `- ${n}`).join('\n')}

**Bad input** (${fuzzCases} generated invalid inputs: wrong types, expressions resolving to null, blank and invisible-only text, control characters and line breaks, over-long text, bad characters, unknown departments, parents and organizations):
${fuzz.map((r) => `- ${r.label}: ${r.cases} invalid, ${r.valid} valid, ${r.calls ?? '?'} calls${r.problems.length ? ` — ${r.problems.length} problems` : ''}`).join('\n')}
${fuzzProblems.length ? `\nProblems:\n${fuzzProblems.map((p) => `- ${p}`).join('\n')}\n` : ''}
**Decisions.**
- A run stops with one error when the failure is the run's, not an item's: a wrong or revoked secret, an IP ban, a service that kept failing through every retry (transient errors that survive the retries now stop the run instead of failing every further item the same way). A failed directory read stops the calls still waiting or backing off.
- Sync Users plans before it writes and removes last: a failure during the apply leaves removals unstarted. An empty source, a shrink past Max Removals (%), an input item that is not a user, and an invalid input user never lead to removals.
- Get All in Directory → On Department Error → "Skip the Department and Mark the Result Incomplete": the departments that could not be read are named on every item (unreadableDepartments); Map to IAM User carries the mark on; Sync Users removes a missing user only when every one of its last-known department groups was read completely this time (users mapped without department groups are never removed from an incomplete read). A user who moved into an unreadable department since the last sync is the one case it cannot see. The default stays "Fail the Run". A WeCom app scope narrower than the company (department 1 missing from \`department/list\`) stops the read by default, and with Skip names department 1 as unreadable.
- Tokens: a token that worked and is then rejected is refreshed again, however often that happens during one call (at most 5 times); a token rejected on first use still stops after one refresh.
- Tokens under churn: a call reads its token when it is sent, after waiting for its pool and rate-limit slots, so a refresh reaches every queued call. A call rejected with a token that worked and that another call has already replaced retries with the current token: not its own refresh, and the fresh token is kept.

**Incomplete directory reads.** *Get All in Directory* (WeCom and DingTalk) has an option
*On Department Error*: **Fail the Run** (default) or **Skip the Department and Mark the Result
Incomplete**. Skipped, every item carries \`unreadableDepartments\`; Map to IAM User passes it
on, and Sync Users then refuses to remove any user whose last-known department groups were
not all read completely (with groups off, an incomplete read removes nobody; SCIM, which
keeps no department groups, removes nobody during an incomplete read). Credential, permission
and IP-ban errors, the top of the tree, or more than a quarter of departments unreadable still
fail the run.

**A narrowed app scope (WeCom).** WeCom's \`department/list\` answers a self-built app with
the departments inside its visible scope only, and no error (D90208): an app that sees one
department would read, say, 528 of 2,000 members as if they were the whole company. The only
sign is that the root department (1) is missing from the list. *Get All in Directory* checks
for it before reading any member:
- **Fail the Run**: the run stops once with a configuration error naming the departments the
  scope covers (ID and path) and the fix: set the app's visible scope (可见范围) to the whole
  company in the WeCom admin console, or use the contacts-sync secret.
- **Skip the Department and Mark the Result Incomplete**: the visible departments are read,
  and every item's \`unreadableDepartments\` starts with
  \`{id: 1, scope: "subtree", error: "outside the app's visible scope (可见范围), which covers only department …"}\`,
  followed by the departments outside the scope that visible members also belong to. Sync
  Users then removes only users whose last-known departments were all read (and still have
  members); nobody last seen outside the scope is removed.

*Get Many* of one department asks for that subtree only and is not affected. DingTalk has no
such silent narrowing in the reference: a department outside the app's scope answers 50004,
and \`listsub\` of the root failing stops the read in either mode.

[← README](../README.md)
`;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, report);
log(`\nwrote ${out.replace(`${ROOT}/`, '')}: ${allPassed ? 'all checks passed' : 'SOME CHECKS FAILED'}`);
process.exitCode = allPassed ? 0 : 1;
