// The tiny directory API of the skeleton provider "Acme" (test/skeleton/acme.cts): a token
// endpoint, departments, members per department, and a member's groups (Acme's roles). It
// is built on the plumbing every emulator shares (token store, faults, latency, request log),
// the way a new provider's emulator would be.
import { randomBytes } from 'node:crypto';

import { countRequests, createFaults, createTokens, latency, serve, sleep, writeRaw } from '../emulators/plumbing.mjs';

const TOKEN_PATH = '/v1/token';
const normalizePath = (p) => (p.startsWith('/') ? p : `/v1/${p}`);

/**
 * @param {object} options
 * @param {Array<{id: number, name: string, parentId: number}>} options.departments
 * @param {Array<{id: string, name: string, email?: string, departments: number[], groups?: Array<{id: string, name: string}>, active?: boolean}>} options.members
 */
export async function startAcmeEmulator({ departments, members, apiKey = 'acme-key', apiSecret = 'acme-secret', latencyMs = 0 } = {}) {
	const state = { departments: [...departments], members: [...members] };
	const opts = { latencyMs };
	const log = [];
	const tokens = createTokens();
	const faults = createFaults({ kinds: new Set(['502', 'reset', 'slow', 'timeout']), normalizePath, tokenPath: TOKEN_PATH, badGatewayHtml: '<html>502</html>' });
	const delayMs = latency(opts);

	const json = async (res, entry, status, body) => {
		const ms = delayMs();
		if (ms > 0) await sleep(ms);
		entry.status = status;
		writeRaw(res, status, { 'content-type': 'application/json' }, JSON.stringify(body));
	};

	async function handle(req, res) {
		req.resume();
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const entry = { method: req.method, path: url.pathname, status: null, at: Date.now() };
		log.push(entry);
		const fault = faults.pick(url.pathname);
		if (fault && (await faults.answerTransport(fault, req, res, entry, delayMs))) return;
		if (url.pathname === TOKEN_PATH) {
			if (url.searchParams.get('key') !== apiKey || url.searchParams.get('secret') !== apiSecret) return json(res, entry, 401, { error: 'bad key' });
			const token = tokens.issue(randomBytes(16).toString('hex'), { expiresAt: Date.now() + 3600_000 });
			return json(res, entry, 200, { token, expiresIn: 3600 });
		}
		const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
		const record = token ? tokens.get(token) : undefined;
		if (!record || record.revoked || record.expiresAt <= Date.now()) return json(res, entry, 401, { error: 'invalid token' });
		if (url.pathname === '/v1/departments') return json(res, entry, 200, { departments: state.departments });
		const match = /^\/v1\/departments\/(\d+)\/members$/.exec(url.pathname);
		if (match) {
			const id = Number(match[1]);
			return json(res, entry, 200, { members: state.members.filter((m) => m.departments.includes(id)) });
		}
		return json(res, entry, 404, { error: 'not found' });
	}

	const served = await serve(handle, { name: 'acme', onClose: () => faults.release() });
	return {
		url: served.url,
		apiKey,
		apiSecret,
		state,
		log,
		count: (path) => countRequests(log, path, normalizePath),
		injectFaults: (spec) => faults.inject(spec),
		close: served.close,
	};
}
