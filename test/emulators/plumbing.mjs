// The plumbing every provider emulator shares (WeCom, DingTalk, the skeleton provider of
// test/skeleton): request bodies, raw answers, latency with seeded jitter, injectable faults
// (the transport-level ones answered here, the provider's errcodes by the emulator), the
// token store, the request log count, and a loopback server that closes cleanly. Each
// emulator keeps only what is its provider's: routes, errcodes, limits, token rules.
import http from 'node:http';
import https from 'node:https';

import { mulberry32 } from './orgGenerator.mjs';

const MAX_BODY = 2 * 1024 * 1024;
/** A 'timeout' fault holds the connection at most this long, so a test that forgets it still ends. */
const TIMEOUT_FAULT_MAX_MS = 60_000;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The request body as text; throws past 2 MiB (the emulator then drops the connection, as a proxy would). */
export async function readBody(req) {
	const chunks = [];
	let size = 0;
	for await (const chunk of req) {
		size += chunk.length;
		if (size > MAX_BODY) throw new Error('body too large');
		chunks.push(chunk);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/** Answer once, with a content-length; a no-op on a connection a fault already closed. */
export function writeRaw(res, status, headers, body) {
	if (res.destroyed || res.writableEnded) return;
	res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
	res.end(body);
}

/** The delay of each answer: opts.latencyMs ± opts.jitterMs (read live, so setOption applies), seeded. */
export function latency(opts, seed = 0x5eed) {
	const rnd = mulberry32(seed);
	return () => {
		const { latencyMs = 0, jitterMs = 0 } = opts;
		if (!latencyMs && !jitterMs) return 0;
		return Math.max(0, latencyMs + (rnd() * 2 - 1) * jitterMs);
	};
}

/**
 * Injectable faults. `kinds` are the ones this emulator accepts (its errcodes plus '502',
 * 'reset', 'timeout', 'slow', 'expire'); a fault without `paths` applies to every path but
 * `tokenPath`. `answerTransport` answers the faults that are not an errcode.
 */
export function createFaults({ kinds, normalizePath, tokenPath, badGatewayHtml }) {
	let faults = [];
	const hanging = new Set();
	return {
		/** @returns {{kind: string, fired: number}} a live handle (fired counts injections so far) */
		inject({ kind, rate = 1, count = Infinity, paths = null, seed = 1, slowMs = 300 } = {}) {
			kind = String(kind);
			if (!kinds.has(kind)) throw new Error(`unknown fault kind ${kind}`);
			if (!(rate >= 0 && rate <= 1)) throw new Error('rate must be in [0, 1]');
			const f = { kind, rate, remaining: count, paths: paths ? new Set(paths.map(normalizePath)) : null, rnd: mulberry32(seed), slowMs, fired: 0 };
			faults.push(f);
			return f;
		},
		clear() {
			faults = [];
		},
		/** The fault that fires for this call, if any. */
		pick(path) {
			for (const f of faults) {
				if (f.remaining <= 0) continue;
				if (!(f.paths ? f.paths.has(path) : path !== tokenPath)) continue;
				if (f.rnd() < f.rate) {
					f.remaining--;
					f.fired++;
					return f;
				}
			}
			return null;
		},
		/**
		 * A 502 page, a reset connection, a hang, or a slow answer. Returns true when the call is
		 * answered (or dropped) here; false when the emulator goes on ('slow' after its wait,
		 * 'expire' and errcodes, which are the emulator's to answer).
		 */
		async answerTransport(fault, req, res, entry, delayMs) {
			switch (fault.kind) {
				case '502': {
					const ms = delayMs();
					if (ms > 0) await sleep(ms);
					entry.status = 502;
					writeRaw(res, 502, { 'content-type': 'text/html' }, badGatewayHtml);
					return true;
				}
				case 'reset':
					entry.status = 0;
					req.socket.destroy();
					return true;
				case 'timeout': {
					entry.status = 0;
					const timer = setTimeout(() => {
						hanging.delete(timer);
						req.socket.destroy();
					}, TIMEOUT_FAULT_MAX_MS);
					hanging.add(timer);
					res.on('close', () => {
						clearTimeout(timer);
						hanging.delete(timer);
					});
					return true;
				}
				case 'slow':
					await sleep(fault.slowMs);
					return false;
				default:
					return false;
			}
		},
		/** Let go of the hung connections (on close). */
		release() {
			for (const t of hanging) clearTimeout(t);
			hanging.clear();
		},
	};
}

/** Access tokens: token → record, each numbered in issue order (seq) for the token churn tests. */
export function createTokens() {
	const tokens = new Map();
	return {
		map: tokens,
		issue(token, record) {
			tokens.set(token, { ...record, revoked: false, seq: tokens.size + 1 });
			return token;
		},
		get: (token) => tokens.get(token),
		get size() {
			return tokens.size;
		},
		/** Every token issued so far is refused from now on. */
		revokeAll() {
			for (const t of tokens.values()) t.revoked = true;
		},
		/** Every token issued so far has expired. */
		expireAll(now = Date.now()) {
			for (const t of tokens.values()) t.expiresAt = Math.min(t.expiresAt, now - 1);
		},
		issued: () => [...tokens.keys()],
	};
}

/** Logged requests, optionally for one path (normalized the emulator's way). */
export function countRequests(log, path, normalizePath) {
	if (path === undefined) return log.length;
	const p = normalizePath(path);
	let n = 0;
	for (const e of log) if (e.path === p) n++;
	return n;
}

/**
 * A loopback HTTP server around `handle(req, res)`. An exception in the handler is an
 * emulator bug: answered 500 loudly rather than left hanging. `close` ends every connection.
 * `host` is the address to listen on, `urlHost` the host name the returned URL carries (a
 * container reaching the emulator by another name); both default to 127.0.0.1.
 */
export async function serve(handle, { port = 0, host = '127.0.0.1', urlHost = '127.0.0.1', name, onClose, tls } = {}) {
	// `tls` ({key, cert}): HTTPS, so that a client pays the TLS handshake as against the real API (the bench's HTTPS case).
	const listener = (req, res) => {
		handle(req, res).catch((err) => {
			writeRaw(res, 500, { 'content-type': 'application/json' }, JSON.stringify({ errcode: -1, errmsg: `emulator error: ${err?.message ?? err}` }));
			console.error(`[${name} emulator]`, err);
		});
	};
	const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
	server.keepAliveTimeout = 10_000;
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	let closed = false;
	return {
		server,
		url: `${tls ? 'https' : 'http'}://${urlHost}:${server.address().port}`,
		async close() {
			if (closed) return;
			closed = true;
			onClose?.();
			const done = new Promise((resolve) => server.close(() => resolve()));
			server.closeAllConnections();
			await done;
		},
	};
}
