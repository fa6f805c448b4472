// A forked child process that hosts one emulator, so the bench process's memory is our
// pipeline's alone. Messages: {cmd:'start', provider, org, options} → {url, ...info};
// {cmd:'stats'} → {byPath, errcodes, total}; {cmd:'clearLog'}; {cmd:'close'}.
import { readFileSync } from 'node:fs';

import { generateOrg } from '../test/emulators/orgGenerator.mjs';

/** The bench's self-signed certificate for 127.0.0.1 (bench/tls; a test fixture, not a secret of anything real). */
const TLS = () => ({ key: readFileSync(new URL('./tls/emulator.key', import.meta.url)), cert: readFileSync(new URL('./tls/emulator.crt', import.meta.url)) });

const starters = {
	wecom: async (opts) => (await import('../test/emulators/wecom.mjs')).startWeComEmulator(opts),
	dingtalk: async (opts) => (await import('../test/emulators/dingtalk.mjs')).startDingTalkEmulator(opts),
	casdoor: async (opts) => (await import('../test/emulators/casdoor.mjs')).startCasdoorEmulator(opts),
};

let emu;

function stats() {
	const byPath = {};
	const errcodes = {};
	/** Calls answered without an error: each page once, however often a refusal made us ask again. */
	const okByPath = {};
	for (const entry of emu.log) {
		byPath[entry.path] = (byPath[entry.path] ?? 0) + 1;
		if (!entry.errcode && (!entry.status || entry.status === 200)) okByPath[entry.path] = (okByPath[entry.path] ?? 0) + 1;
		// DingTalk reports its QPS limit as errcode 88 with sub_code 90018: count both.
		const errcode = entry.errcode ?? (entry.status && entry.status !== 200 ? `HTTP ${entry.status}` : 0);
		const code = entry.subCode ? `${errcode}/${entry.subCode}` : errcode;
		if (code && code !== 0) errcodes[code] = (errcodes[code] ?? 0) + 1;
	}
	// When each API was called: first and last arrival (ms after the first call of all) and the
	// longest pause between two arrivals, to see where a run lost time against the floor.
	const timing = {};
	const t0 = emu.log.length ? Math.min(...emu.log.map((e) => e.at)) : 0;
	for (const entry of emu.log) {
		const t = (timing[entry.path] ??= { first: entry.at - t0, last: entry.at - t0, maxGap: 0 });
		t.maxGap = Math.max(t.maxGap, entry.at - t0 - t.last);
		t.last = entry.at - t0;
	}
	// When rate-limit refusals came (ms after the first call): the shared-app case reads them.
	const refusedAt = emu.log.filter((e) => /90018|45009/.test(`${e.errcode}/${e.subCode}`)).map((e) => e.at - t0);
	return { byPath, okByPath, errcodes, total: emu.log.length, timing, refusedAt };
}

process.on('message', async (msg) => {
	try {
		if (msg.cmd === 'start') {
			const options = { ...msg.options };
			if (msg.org) options.org = generateOrg(msg.org);
			if (options.tls === true) options.tls = TLS();
			emu = await starters[msg.provider](options);
			emu.warmCaches?.();
			const { url, corpId, secrets, appKey, appSecret, clientId, clientSecret } = emu;
			process.send({ id: msg.id, ok: true, url, corpId, secrets, appKey, appSecret, clientId, clientSecret });
		} else if (msg.cmd === 'stats') {
			process.send({ id: msg.id, ok: true, ...stats() });
		} else if (msg.cmd === 'cpu') {
			// The emulator stands in for a remote server but shares this machine's cores.
			const { user, system } = process.cpuUsage();
			process.send({ id: msg.id, ok: true, ms: (user + system) / 1000 });
		} else if (msg.cmd === 'clearLog') {
			emu.clearLog();
			process.send({ id: msg.id, ok: true });
		} else if (msg.cmd === 'resetRateWindows') {
			emu.resetRateWindows?.();
			process.send({ id: msg.id, ok: true });
		} else if (msg.cmd === 'eval') {
			// A named mutation the bench needs (e.g. change 1% of users); see run.mjs.
			const fn = new Function('emu', msg.body);
			const value = await fn(emu);
			process.send({ id: msg.id, ok: true, value });
		} else if (msg.cmd === 'close') {
			await emu?.close();
			process.send({ id: msg.id, ok: true });
			process.exit(0);
		}
	} catch (error) {
		process.send({ id: msg.id, ok: false, error: String(error?.stack ?? error) });
	}
});
