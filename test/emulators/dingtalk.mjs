// DingTalk (钉钉) legacy "oapi" directory emulator: a loopback node:http server that behaves
// as shared/reference/dingtalk-api.md documents — gettoken in the query string (same token
// while valid), POST JSON /topapi endpoints with ?access_token=, errcode 88 + string sub_code
// for authentication, permission and QPS errors, a per-app per-API QPS limit, the per-IP
// limit and its ban page, latency, injectable faults and a request log.
//
//   const emu = await startDingTalkEmulator({ org: generateOrg({ users: 500, departments: 40 }) });
//   ... credential: appKey emu.appKey, appSecret emu.appSecret, base URL emu.url ...
//   await emu.close();
//
// Endpoints live in dingtalkRoutes.mjs, the directory in dingtalkState.mjs; everything every
// route shares (ban, faults, token, permission, QPS, latency, log) is in handle() below.

import { createHash, randomBytes } from 'node:crypto';
import { generateOrg } from './orgGenerator.mjs';
import { countRequests, createFaults, createTokens, latency, readBody, serve, sleep, writeRaw } from './plumbing.mjs';
import { createState, deptBrief, deptDetail, userDetailJson, userListJson } from './dingtalkState.mjs';
import { DingTalkError, ERRMSG, ROUTES as DIRECTORY_ROUTES } from './dingtalkRoutes.mjs';
import { createRoleStore, ROLE_ROUTES } from './dingtalkRoles.mjs';
import { createHrmStore, HRM_ROUTES, NEW_API_EQUIVALENT, NEW_API_ERRORS } from './dingtalkHrm.mjs';

const ROUTES = { ...DIRECTORY_ROUTES, ...ROLE_ROUTES, ...HRM_ROUTES };
/** The new-style API family (api.dingtalk.com): token in this header, errors as HTTP status + {code, message}. */
const NEW_API_PREFIX = '/v1.0/';
const NEW_API_TOKEN_HEADER = 'x-acs-dingtalk-access-token';

const GETTOKEN = '/gettoken';
/** Errors /topapi wraps as errcode 88 + string sub_code: authentication, permission, app QPS. */
const WRAPPED = new Set([40000, 40014, 60011, 90018]);
const FAULT_KINDS = new Set(['-1', '90018', '90002', '502', 'reset', 'slow', 'timeout', 'expire']);
const SETTABLE = new Set([
	'qps',
	'latencyMs',
	'jitterMs',
	'tokenTtlSec',
	'ipBan',
	'banPage',
	'ipLimit',
	'ipWindowMs',
	'banMs',
	'permissions',
	'phonePermission',
	'personalInfoPermission',
	'inviteMobiles',
	'extensionFields',
	'tokenRevokeEvery',
	'failFor',
]);

const BAD_GATEWAY_HTML =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n';
const BAN_HTML =
	'<!DOCTYPE html><html><head><meta charset="utf-8"><title>访问受限</title></head><body><h1>访问受限</h1><p>您的IP访问过于频繁，已被暂时限制访问，请5分钟后再试。</p></body></html>';

function deriveSecret(appKey) {
	return createHash('sha256').update(`dingtalk-emulator:${appKey}`).digest('base64url').slice(0, 64);
}

function normalizePath(p) {
	if (p.startsWith('/')) return p;
	return p === 'gettoken' ? GETTOKEN : `/topapi/${p}`;
}

function redactQuery(query) {
	const out = { ...query };
	for (const k of ['access_token', 'appsecret']) if (k in out) out[k] = '***';
	return out;
}

function requestId() {
	return randomBytes(6).toString('base64url').toLowerCase();
}

/** The error body: plain {errcode, errmsg} or, for /topapi auth/permission/QPS errors, the 88 wrapper. */
function errorPayload(path, errcode, detail) {
	const msg = `${ERRMSG[errcode] ?? 'error'}${detail ? `: ${detail}` : ''}`;
	if (path.startsWith('/topapi/') && WRAPPED.has(errcode)) {
		return {
			errcode: 88,
			sub_code: String(errcode),
			sub_msg: msg,
			errmsg: `ding talk error[subcode=${errcode},submsg=${msg}]`,
			request_id: requestId(),
		};
	}
	return { errcode, errmsg: msg, request_id: requestId() };
}

/**
 * @param {object} [options]
 * @param {{departments: object[], users: object[]}} [options.org] from generateOrg
 * @param {string} [options.appKey] @param {string} [options.appSecret]
 * @param {number} [options.qps] per app per API per second (20 = standard edition)
 * @param {number} [options.latencyMs] @param {number} [options.jitterMs] @param {number} [options.seed]
 * @param {number} [options.tokenTtlSec]
 * @param {false|'html'|'json'} [options.ipBan] answer every call with the ban page
 * @param {'html'|'json'} [options.banPage] the page an automatic ban answers with
 * @param {number} [options.ipLimit] calls per ipWindowMs before an automatic ban (10,000 / 20 s)
 * @param {string[]|null} [options.permissions] granted permissions (null = all)
 * @param {boolean} [options.phonePermission] @param {boolean} [options.personalInfoPermission]
 * @param {string[]} [options.inviteMobiles] creating a user with one of these answers 40103
 * @param {string[]|null} [options.extensionFields] extension keys defined in the admin console
 * @param {object[]} [options.roleGroups] role groups { groupId, name, roles: [{ id, name, users? }] } (dingtalkRoles.mjs)
 * @param {number} [options.port]
 * @param {Array<{path: string, departmentId: number, errcode: number}>} [options.failFor] calls to `path` whose body
 *   names that department (dept_id) always answer `errcode`: one department that cannot be read
 * @param {number|null} [options.tokenRevokeEvery] every Nth authenticated call revokes every token issued so far and
 *   answers 88 / "40014" (the chaos suite's "token invalidation every N calls"); logged with fault 'revoke'
 */
export async function startDingTalkEmulator(options = {}) {
	const org = options.org ?? generateOrg({ users: 30, departments: 6 });
	const appKey = options.appKey ?? 'dingemulatorappkey01';
	const appSecret = options.appSecret ?? deriveSecret(appKey);
	const opts = {
		qps: options.qps ?? 20,
		latencyMs: options.latencyMs ?? 0,
		jitterMs: options.jitterMs ?? 0,
		tokenTtlSec: options.tokenTtlSec ?? 7200,
		ipBan: options.ipBan ?? false,
		banPage: options.banPage ?? 'json',
		ipLimit: options.ipLimit ?? 10_000,
		ipWindowMs: options.ipWindowMs ?? 20_000,
		banMs: options.banMs ?? 5 * 60_000,
		permissions: options.permissions ?? null,
		phonePermission: options.phonePermission ?? true,
		personalInfoPermission: options.personalInfoPermission ?? true,
		inviteMobiles: options.inviteMobiles ?? [],
		extensionFields: options.extensionFields ?? null,
		tokenRevokeEvery: options.tokenRevokeEvery ?? null,
		failFor: options.failFor ?? [],
	};
	let authCalls = 0;
	const state = createHrmStore(options, createRoleStore(options, createState(org)));
	/** addrolesforemps / removerolesforemps calls accepted: { kind, roles, users } (list sizes). */
	state.roleCalls = [];
	const shapes = { deptBrief, deptDetail, userDetailJson, userListJson };
	const log = [];
	/** token → { appKey, expiresAt, revoked, seq } (seq: 1 for the first token issued, 2 for the next …) */
	const tokenStore = createTokens();
	const tokens = tokenStore.map;
	/** appKey|path → { times, head, blockedUntil } */
	const qpsWindows = new Map();
	const ipCalls = { times: [], head: 0 };
	let bannedUntil = 0;
	const faultBox = createFaults({ kinds: FAULT_KINDS, normalizePath, tokenPath: GETTOKEN, badGatewayHtml: BAD_GATEWAY_HTML });
	const delayMs = latency(opts, options.seed ?? 0x5eed);

	/** Sliding one-second window per app and API; going over blocks that API for a second. */
	function qpsAllows(key, now) {
		let w = qpsWindows.get(key);
		if (!w) qpsWindows.set(key, (w = { times: [], head: 0, blockedUntil: 0 }));
		if (w.blockedUntil > now) return false;
		while (w.head < w.times.length && w.times[w.head] <= now - 1000) w.head++;
		if (w.head > 4096) {
			w.times = w.times.slice(w.head);
			w.head = 0;
		}
		if (w.times.length - w.head >= opts.qps) {
			w.blockedUntil = now + 1000;
			return false;
		}
		w.times.push(now);
		return true;
	}

	/** Every call counts toward the per-IP limit; past it the IP is banned for banMs. */
	function ipAllows(now) {
		if (bannedUntil > now) return false;
		while (ipCalls.head < ipCalls.times.length && ipCalls.times[ipCalls.head] <= now - opts.ipWindowMs) ipCalls.head++;
		if (ipCalls.head > 4096) {
			ipCalls.times = ipCalls.times.slice(ipCalls.head);
			ipCalls.head = 0;
		}
		if (ipCalls.times.length - ipCalls.head >= opts.ipLimit) {
			bannedUntil = now + opts.banMs;
			return false;
		}
		ipCalls.times.push(now);
		return true;
	}

	function issueToken(now) {
		// Asking again while a token is valid returns the same token and extends it.
		for (const [token, rec] of tokens) {
			if (rec.appKey === appKey && !rec.revoked && rec.expiresAt > now) {
				rec.expiresAt = now + opts.tokenTtlSec * 1000;
				return token;
			}
		}
		const token = randomBytes(16).toString('hex');
		return tokenStore.issue(token, { appKey, expiresAt: now + opts.tokenTtlSec * 1000 });
	}

	async function handle(req, res) {
		const at = Date.now();
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const path = url.pathname;
		const query = {};
		for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
		const entry = { method: req.method, path, query: redactQuery(query), body: undefined, errcode: null, subCode: null, status: null, at };
		log.push(entry);
		let rawBody = '';
		try {
			rawBody = await readBody(req);
		} catch {
			entry.status = 413;
			req.socket.destroy();
			return;
		}
		// Logged as parsed JSON from the start, so even a call that meets a fault shows what it asked.
		let body;
		let bodyIsJson = true;
		try {
			body = rawBody === '' ? {} : JSON.parse(rawBody);
		} catch {
			bodyIsJson = false;
		}
		if (rawBody !== '') entry.body = bodyIsJson ? body : rawBody.replace(/(appsecret|access_token)=[^&]*/gi, '$1=***');

		const respond = async (payload, status = 200) => {
			const ms = delayMs();
			if (ms > 0) await sleep(ms);
			entry.errcode = payload.errcode ?? (isNewApi && status >= 400 ? payload.code : null) ?? null;
			entry.subCode = payload.sub_code ?? null;
			entry.status = status;
			writeRaw(res, status, { 'content-type': 'application/json;charset=utf-8' }, JSON.stringify(payload));
		};
		// A new-API path answers the same failures in its own form (HTTP status + {code, message, requestid}).
		const isNewApi = path.startsWith(NEW_API_PREFIX);
		const respondError = (code, detail) => {
			if (!isNewApi) return respond(errorPayload(path, code, detail));
			const name = NEW_API_EQUIVALENT[code] ?? code;
			const [status, message] = NEW_API_ERRORS[name] ?? [400, ERRMSG[code] ?? 'error'];
			return respond({ code: name, message: detail ? `${message}: ${detail}` : message, requestid: requestId() }, status);
		};

		// -- the per-IP gateway: ban page before anything else
		const banMode = opts.ipBan || (!ipAllows(at) ? opts.banPage : false);
		if (banMode) {
			entry.banned = banMode;
			if (banMode === 'html') {
				entry.status = 200;
				writeRaw(res, 200, { 'content-type': 'text/html;charset=utf-8' }, BAN_HTML);
				return;
			}
			return respond({ status: 1111, wait: 5, punish: 'deny' });
		}

		const isGettoken = path === GETTOKEN;
		const route = ROUTES[path];
		if (!isGettoken && !route) {
			if (isNewApi) return respondError('InvalidAction.NotFound');
			if (path.startsWith('/topapi/')) {
				const api = `dingtalk.oapi.${path.slice('/topapi/'.length).replace(/\//g, '.')}`;
				return respond({ errcode: 22, sub_msg: `不合法ApiName，ApiName = ${api}`, errmsg: `Invalid method[submsg=不合法ApiName，ApiName = ${api}]`, request_id: requestId() });
			}
			return respond({ errcode: 404, errmsg: '请求的URI地址不存在' });
		}

		// Which token the call carried and the newest one issued by then: a call rejected with an
		// older token than the newest was sent stale (the token churn tests).
		// oapi reads the token from the query string only; the new API from its header only.
		const token = isNewApi ? req.headers[NEW_API_TOKEN_HEADER] : query.access_token;
		const presented = token ? tokens.get(token) : undefined;
		if (presented) {
			entry.tokenSeq = presented.seq;
			entry.newestSeq = tokens.size;
		}

		// -- injected faults
		const fault = faultBox.pick(path);
		if (fault) {
			entry.fault = fault.kind;
			if (await faultBox.answerTransport(fault, req, res, entry, delayMs)) return;
			switch (fault.kind) {
				case 'slow':
					break; // answered normally after the wait
				case 'expire':
					tokenStore.expireAll();
					return respondError(40014);
				default:
					return respondError(Number(fault.kind));
			}
		}

		if (isGettoken) {
			// Parameters only in the query string: the doc's form-body example gives 40035.
			if (!query.appkey || !query.appsecret) return respondError(40035, 'appkey and appsecret are required in the query string');
			if (query.appkey !== appKey) return respondError(40096);
			if (query.appsecret !== appSecret) return respondError(40089);
			if (!qpsAllows(`${appKey}|${path}`, Date.now())) return respondError(90018);
			return respond({ errcode: 0, access_token: issueToken(Date.now()), errmsg: 'ok', expires_in: opts.tokenTtlSec });
		}

		// -- authentication
		if (!token) return respondError(40000);
		const rec = tokens.get(token);
		if (!rec || rec.revoked || rec.expiresAt <= Date.now()) return respondError(40014);
		if (opts.tokenRevokeEvery && ++authCalls % opts.tokenRevokeEvery === 0) {
			for (const t of tokens.values()) t.revoked = true;
			entry.fault = 'revoke';
			return respondError(40014);
		}
		if (opts.permissions && !opts.permissions.includes(route.permission)) return respondError(60011, route.permission);
		if (!qpsAllows(`${rec.appKey}|${path}`, Date.now())) {
			const end = new Date(Date.now() + 1000).toISOString().replace('T', ' ').slice(0, 19);
			return respondError(90018, `请求总次数超过${opts.qps}次，限制将在 ${end} 结束`);
		}
		if (req.method !== (route.method ?? 'POST')) {
			return isNewApi ? respondError('InvalidAction.NotFound') : respondError(40035, 'this API takes POST with a JSON body');
		}
		if (req.method === 'POST') {
			if (!bodyIsJson) return respondError(40035, 'the body is not JSON');
			if (!body || typeof body !== 'object' || Array.isArray(body)) return respondError(40035, 'the body must be a JSON object');
		}
		const broken = opts.failFor.find((f) => normalizePath(f.path) === path && String(f.departmentId) === String(body.dept_id));
		if (broken) return respondError(broken.errcode, `dept_id ${broken.departmentId}`);
		const perms = { phone: opts.phonePermission, personal: opts.personalInfoPermission };
		let result;
		try {
			result = route.handler({ body, query, state, opts, shapes, perms });
		} catch (err) {
			if (err instanceof DingTalkError) return respondError(err.errcode, err.detail);
			throw err;
		}
		// A new-API success is the bare result object with HTTP 200.
		if (route.family === 'new') return respond(result ?? {});
		const payload = { errcode: 0, errmsg: 'ok' };
		if (result !== undefined) payload[route.topLevel ?? 'result'] = result;
		payload.request_id = requestId();
		return respond(payload);
	}

	const served = await serve(handle, { port: options.port, host: options.host, urlHost: options.urlHost, tls: options.tls, name: 'dingtalk', onClose: () => faultBox.release() });

	return {
		url: served.url,
		appKey,
		appSecret,
		org,
		log,
		state,
		options: opts,
		/** Requests logged, optionally for one path ('/topapi/v2/user/list', 'v2/user/list' or 'gettoken'). */
		count(path) {
			return countRequests(log, path, normalizePath);
		},
		clearLog() {
			log.length = 0;
		},
		/** @returns {{kind: string, fired: number}} a live handle */
		injectFaults(spec) {
			return faultBox.inject(spec);
		},
		clearFaults() {
			faultBox.clear();
		},
		/** Every token issued so far answers 88/40014 from now on. */
		invalidateTokens() {
			tokenStore.revokeAll();
		},
		/** Every token issued so far has expired (also 88/40014, as DingTalk answers). */
		expireTokens() {
			tokenStore.expireAll();
		},
		/** Every access token handed out, for leak assertions. */
		issuedTokens() {
			return tokenStore.issued();
		},
		setOption(name, value) {
			if (!SETTABLE.has(name)) throw new Error(`unknown or immutable option ${name}`);
			opts[name] = value;
			if (name === 'ipBan' && !value) bannedUntil = 0;
		},
		close: served.close,
	};
}
