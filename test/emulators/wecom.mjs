// WeCom (企业微信) contacts API emulator: a loopback node:http server that behaves like the API
// documented in shared/reference/wecom-api.md — two secrets with different rights, tokens and
// expiry, errcodes, paging, the 2022 sensitive-field and new-IP rules, rate and concurrency
// limits, latency and injectable faults, and a request log for assertions.
//
//   const emu = await startWeComEmulator({ org: generateOrg({ users: 1000, departments: 50 }) });
//   ... point the client at emu.url (e.g. http://127.0.0.1:PORT/cgi-bin/gettoken?...) ...
//   await emu.close();
//
// Writes (members, departments: wecom.writes.mjs) and invitations / application messages
// (wecom.messages.mjs) are route tables of their own, merged into ROUTES below.
//
// Extending: add an entry to ROUTES ('METHOD /cgi-bin/path' → { handler(ctx) }). A handler
// returns the success payload (errcode 0 / errmsg "ok" are added) or throws fail(code, hint).
// Token check, trusted IP, rate/concurrency limits, faults, latency and the log are applied
// by the plumbing in handle() for every route. Write endpoints should mutate through the
// state helpers (addUser/removeUser/addDepartment/removeDepartment/touch) so the indexes and
// the list_id snapshot stay consistent.

import { createHash, randomBytes } from 'node:crypto';
import { generateOrg } from './orgGenerator.mjs';
import { countRequests, createFaults, createTokens, latency, readBody, serve, sleep, writeRaw } from './plumbing.mjs';
import { messageRoutes } from './wecom.messages.mjs';
import { createTagStore, tagRoutes } from './wecom.tags.mjs';
import { writeRoutes } from './wecom.writes.mjs';

const P = '/cgi-bin';
const GETTOKEN = `${P}/gettoken`;

const ERRMSG = {
	[-1]: 'system busy',
	6000: 'data version conflict',
	40001: 'invalid credential',
	40003: 'invalid userid',
	40008: 'invalid message type',
	40031: 'invalid userid list',
	40032: 'invalid userid list size',
	40035: 'invalid parameter',
	40039: 'invalid url size',
	40056: 'invalid agentid',
	40013: 'invalid corpid',
	40014: 'invalid access_token',
	40058: 'invalid Request Parameter',
	40068: 'invalid tagid',
	40070: 'all list invalid',
	40071: 'invalid tag name: tag name exists',
	40072: 'invalid tag name size',
	41001: 'access_token missing',
	41002: 'corpid missing',
	41004: 'corpsecret missing',
	41009: 'missing userid',
	41010: 'missing url',
	41011: 'missing agentid',
	41016: 'missing title',
	41017: 'missing tagid',
	41019: 'missing department',
	41033: 'missing description',
	42001: 'access_token expired',
	44004: 'empty content',
	45002: 'content size out of limit',
	45009: 'api freq out of limit',
	45024: 'account number out of limit',
	45033: 'api concurrent out of limit',
	45034: 'url must have a scheme',
	46004: 'user no exist',
	47001: 'data format error',
	48002: 'api forbidden',
	48009: 'api forbidden: contacts-sync secret called from a new ip',
	60001: 'invalid department name length',
	60003: 'department not found',
	60004: 'parent department not found',
	60005: 'department contains members',
	60006: 'department contains sub-departments',
	60007: 'not allow to delete root department',
	60008: 'department existed',
	60009: 'department name contains invalid characters',
	60010: 'department cyclic relationship',
	60011: 'no privilege to access/modify contact/party/agent',
	60020: 'not allow to access from your ip',
	60102: 'userid existed',
	60103: 'mobile invalid',
	60104: 'mobile existed',
	60105: 'email invalid',
	60106: 'email existed',
	60110: 'department count out of limit',
	60111: 'userid not found',
	60112: 'invalid name',
	60123: 'invalid department id',
	60124: 'invalid parent department id',
	60125: 'invalid department name',
	60129: 'mobile and email are both empty',
	60132: 'is_leader_in_dept and department count mismatch',
	60143: 'biz_mail invalid',
	60145: 'biz_mail existed',
	60257: 'direct_leader count out of limit',
	81002: 'department depth out of limit',
	81013: 'user & party & tag all invalid',
	82001: 'user & party & tag all empty',
	82002: 'invalid party list size',
	82003: 'invalid tag list size',
	301002: 'no privilege to operate this agent',
	301012: 'invalid position',
	301013: 'invalid telephone',
	301015: 'invalid mediaid',
	301036: 'not allow to update userid',
};

const FAULT_KINDS = new Set(['-1', '45009', '45033', '6000', '502', 'reset', 'slow', 'timeout', 'expire']);

const SETTABLE = new Set([
	'appCreatedAfter2022',
	'newIp',
	'appScope',
	'trustedIps',
	'latencyMs',
	'jitterMs',
	'rateLimitPerMinute',
	'rateWindowMs',
	'concurrencyCap',
	'tokenTtlSec',
	'listIdMaxLimit',
	'seatLimit',
	'contactsEditing',
	'tokenRevokeEvery',
	'failFor',
]);

const BAD_GATEWAY_HTML =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>stgw</center>\r\n</body>\r\n</html>\r\n';
const NOT_FOUND_HTML =
	'<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n</body>\r\n</html>\r\n';

export class WeComError extends Error {
	constructor(errcode, hint) {
		super(`${ERRMSG[errcode] ?? 'error'}${hint ? ` (${hint})` : ''}`);
		this.errcode = errcode;
		this.hint = hint;
	}
}

/** Throw a WeCom error from a handler. */
export function fail(errcode, hint) {
	throw new WeComError(errcode, hint);
}

function errmsgFor(errcode, hint) {
	const base = `${ERRMSG[errcode] ?? 'error'}${hint ? ` (${hint})` : ''}`;
	// Real errmsgs carry a request hint and a help link; clients must key on errcode only.
	const rid = `${Math.floor(Date.now() / 1000)}-${randomBytes(4).toString('hex')}`;
	return `${base}, hint: [${rid}], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
}

// ---- parameter parsing (strict) --------------------------------------------------------------

/** A department id from the query string: decimal digits only, 32-bit unsigned. */
function parseDeptId(raw, name) {
	if (typeof raw !== 'string' || !/^[0-9]{1,10}$/.test(raw)) fail(40058, `${name} must be an integer`);
	const n = Number(raw);
	if (n > 4294967295) fail(40058, `${name} out of range`);
	return n;
}

function requireDeptParam(query, name) {
	const raw = query[name];
	if (raw === undefined || raw === '') fail(40058, `${name} is required`);
	return parseDeptId(raw, name);
}

function optionalDeptParam(query, name) {
	const raw = query[name];
	if (raw === undefined || raw === '') return null;
	return parseDeptId(raw, name);
}

function requireBodyObject(body) {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) fail(40058, 'request body must be a JSON object');
	return body;
}

// ---- state -----------------------------------------------------------------------------------

function cloneUser(u) {
	return {
		...u,
		departments: [...u.departments],
		orders: [...u.orders],
		isLeader: [...u.isLeader],
		directLeader: [...(u.directLeader ?? [])],
	};
}

function createState(org) {
	const state = {
		/** @type {Map<number, object>} */ departments: new Map(),
		/** @type {Map<string, object>} */ users: new Map(),
		/** department id → Set of userids directly in it (insertion order) */ members: new Map(),
		/** department id → child department ids (insertion order) */ children: new Map(),
		/** lowercased userid → userid: userids are unique ignoring case */ byUserIdLower: new Map(),
		byMobile: new Map(),
		/** lowercased personal email → userid */ byEmail: new Map(),
		/** lowercased business email → userid */ byBizMail: new Map(),
		/** bumped on every mutation; caches (list_id snapshot, app scope) key on it */ version: 0,

		touch() {
			state.version++;
		},
		addDepartment(d) {
			const dept = { ...d };
			state.departments.set(dept.id, dept);
			if (!state.members.has(dept.id)) state.members.set(dept.id, new Set());
			if (!state.children.has(dept.id)) state.children.set(dept.id, []);
			if (dept.parentId) {
				let c = state.children.get(dept.parentId);
				if (!c) state.children.set(dept.parentId, (c = []));
				c.push(dept.id);
			}
			state.touch();
			return dept;
		},
		removeDepartment(id) {
			const dept = state.departments.get(id);
			if (!dept) return false;
			state.departments.delete(id);
			state.members.delete(id);
			const siblings = state.children.get(dept.parentId);
			if (siblings) {
				const i = siblings.indexOf(id);
				if (i >= 0) siblings.splice(i, 1);
			}
			state.touch();
			return true;
		},
		addUser(u) {
			const user = cloneUser(u);
			state.users.set(user.userid, user);
			state.byUserIdLower.set(user.userid.toLowerCase(), user.userid);
			for (const d of user.departments) {
				let s = state.members.get(d);
				if (!s) state.members.set(d, (s = new Set()));
				s.add(user.userid);
			}
			if (user.mobile) state.byMobile.set(user.mobile, user.userid);
			if (user.email) state.byEmail.set(user.email.toLowerCase(), user.userid);
			if (user.bizMail) state.byBizMail.set(user.bizMail.toLowerCase(), user.userid);
			state.touch();
			return user;
		},
		removeUser(userid) {
			const user = state.users.get(userid);
			if (!user) return false;
			state.users.delete(userid);
			state.byUserIdLower.delete(userid.toLowerCase());
			for (const d of user.departments) state.members.get(d)?.delete(userid);
			if (user.mobile && state.byMobile.get(user.mobile) === userid) state.byMobile.delete(user.mobile);
			if (user.email) state.byEmail.delete(user.email.toLowerCase());
			if (user.bizMail) state.byBizMail.delete(user.bizMail.toLowerCase());
			state.touch();
			return true;
		},
		/** user/update: swap a member's record for a changed copy, keeping every index in step. */
		replaceUser(userid, next) {
			state.removeUser(userid);
			return state.addUser(next);
		},
		/** department/update: rename, reorder or move, keeping the children index in step. */
		updateDepartment(id, changes) {
			const dept = state.departments.get(id);
			if (!dept) return false;
			if (changes.parentId !== undefined && changes.parentId !== dept.parentId) {
				const siblings = state.children.get(dept.parentId);
				if (siblings) siblings.splice(siblings.indexOf(id), 1);
				let c = state.children.get(changes.parentId);
				if (!c) state.children.set(changes.parentId, (c = []));
				c.push(id);
			}
			Object.assign(dept, changes);
			state.touch();
			return true;
		},
		/** Pre-order walk of the subtree rooted at id (the department itself first). */
		subtree(id) {
			const out = [];
			const stack = [id];
			while (stack.length) {
				const cur = stack.pop();
				if (!state.departments.has(cur)) continue;
				out.push(cur);
				const c = state.children.get(cur);
				if (c) for (let i = c.length - 1; i >= 0; i--) stack.push(c[i]);
			}
			return out;
		},
	};
	// Bulk load without per-item version bumps.
	for (const d of org.departments) state.addDepartment(d);
	for (const u of org.users) state.addUser(u);
	state.version = 0;
	return state;
}

// ---- JSON shapes -----------------------------------------------------------------------------

function departmentLeaders(state, deptId) {
	const out = [];
	const members = state.members.get(deptId);
	if (!members) return out;
	for (const userid of members) {
		const u = state.users.get(userid);
		const i = u.departments.indexOf(deptId);
		if (i >= 0 && u.isLeader[i] === 1) out.push(userid);
	}
	return out;
}

function deptJson(state, d) {
	const o = { id: d.id, name: d.name };
	if (d.nameEn) o.name_en = d.nameEn;
	o.department_leader = departmentLeaders(state, d.id);
	o.parentid = d.parentId;
	o.order = d.order;
	return o;
}

function qrCode(userid) {
	// cheap stable hash (FNV-1a) → looks like a vcode
	let h = 0x811c9dc5;
	for (let i = 0; i < userid.length; i++) h = Math.imul(h ^ userid.charCodeAt(i), 16777619) >>> 0;
	return `https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=vc${h.toString(16).padStart(8, '0')}`;
}

/**
 * Full member as user/get (list=false) or user/list (list=true) return it.
 * sensitive=false drops avatar, thumb_avatar, gender, mobile, email, biz_mail, qr_code, address
 * (apps created after 2022-06-20). Missing email / mobile / biz_mail are omitted, never "".
 */
function userJson(u, { sensitive, list }) {
	const o = {
		userid: u.userid,
		name: u.name,
		department: u.departments,
		order: u.orders,
		position: u.position ?? '',
	};
	if (sensitive) {
		if (u.mobile) o.mobile = u.mobile;
		o.gender = u.gender;
		if (u.email) o.email = u.email;
		if (u.bizMail) o.biz_mail = u.bizMail;
	}
	o.is_leader_in_dept = u.isLeader;
	o.direct_leader = u.directLeader;
	if (sensitive) {
		o.avatar = u.avatar ?? '';
		o.thumb_avatar = u.avatar ? u.avatar.replace(/\/0$/, '/100') : '';
	}
	o.telephone = u.telephone ?? '';
	o.alias = u.alias ?? '';
	if (list) o.english_name = u.alias ?? '';
	if (sensitive) o.address = u.address ?? '';
	o.main_department = u.mainDepartment;
	o.extattr = u.extattr ?? { attrs: [] };
	o.status = u.status;
	o.enable = u.enable;
	if (sensitive) o.qr_code = qrCode(u.userid);
	o.external_position = u.externalPosition ?? '';
	o.external_profile = u.externalProfile ?? { external_corp_name: '', external_attr: [] };
	return o;
}

/**
 * Pre-serialized JSON fields a handler can return under this key ('"userlist":[...]'); respond()
 * appends them to the envelope. A whole-directory read is thousands of user/list calls, and the
 * emulator shares the machine's cores with the client it measures, where the real server does not.
 */
const RAW_FIELDS = Symbol('rawFields');

/** user/list's JSON text for one member, cached until the next mutation (every mutation goes through state.touch()). */
function listedUserText(state, u, sensitive) {
	let cache = state.listTextCache;
	if (!cache || cache.version !== state.version) cache = state.listTextCache = { version: state.version, byUser: new Map() };
	const key = sensitive ? 's' : 'p';
	let texts = cache.byUser.get(u);
	if (!texts) cache.byUser.set(u, (texts = {}));
	return (texts[key] ??= JSON.stringify(userJson(u, { sensitive, list: true })));
}

// ---- rights ----------------------------------------------------------------------------------

/** The contacts secret from a "new IP" may not read details (48009). */
function assertNotNewIp(ctx) {
	if (ctx.kind === 'contacts' && ctx.opts.newIp) fail(48009);
}

function assertContactsOnly(ctx) {
	if (ctx.kind !== 'contacts') fail(48002, 'this API needs the contacts-sync secret');
}

/** null = everything visible (contacts secret); else the Set of department ids in the app's scope. */
function scopeOf(ctx) {
	return ctx.kind === 'contacts' ? null : ctx.emu.appScopeSet();
}

function assertDeptVisible(ctx, id) {
	if (!ctx.state.departments.has(id)) fail(60003, `department ${id}`);
	const scope = scopeOf(ctx);
	if (scope && !scope.has(id)) fail(60011, `department ${id} is outside the app's visible scope`);
}

function userVisible(ctx, u) {
	const scope = scopeOf(ctx);
	if (!scope) return true;
	for (const d of u.departments) if (scope.has(d)) return true;
	return false;
}

function sensitiveFor(ctx) {
	return !(ctx.kind === 'app' && ctx.opts.appCreatedAfter2022);
}

function deptIdsFor(ctx, id) {
	if (id !== null) {
		assertDeptVisible(ctx, id);
		return ctx.state.subtree(id);
	}
	const scope = scopeOf(ctx);
	if (!scope) return ctx.state.subtree(1);
	const roots = ctx.emu.appScopeRoots();
	const seen = new Set();
	const out = [];
	for (const r of roots) for (const d of ctx.state.subtree(r)) if (!seen.has(d)) (seen.add(d), out.push(d));
	return out;
}

function memberUsers(ctx, deptId) {
	const out = [];
	const members = ctx.state.members.get(deptId);
	if (members) for (const userid of members) out.push(ctx.state.users.get(userid));
	return out;
}

// ---- list_id cursor --------------------------------------------------------------------------

function encodeCursor(offset, version) {
	const raw = `lid1.${offset}.${version}`;
	const sum = createHash('sha1').update(raw).digest('hex').slice(0, 8);
	return Buffer.from(`${raw}.${sum}`).toString('base64url');
}

function decodeCursor(cursor) {
	let text;
	try {
		text = Buffer.from(cursor, 'base64url').toString('utf8');
	} catch {
		return null;
	}
	const m = /^lid1\.(\d+)\.(\d+)\.([0-9a-f]{8})$/.exec(text);
	if (!m) return null;
	const raw = `lid1.${m[1]}.${m[2]}`;
	if (createHash('sha1').update(raw).digest('hex').slice(0, 8) !== m[3]) return null;
	return { offset: Number(m[1]), version: Number(m[2]) };
}

// ---- routes ----------------------------------------------------------------------------------
// ctx: { query, body, kind: 'contacts'|'app', token, state, opts, emu }

export const ROUTES = {
	[`GET ${P}/department/list`]: {
		handler(ctx) {
			assertNotNewIp(ctx);
			const id = optionalDeptParam(ctx.query, 'id');
			const ids = deptIdsFor(ctx, id);
			return { department: ids.map((d) => deptJson(ctx.state, ctx.state.departments.get(d))) };
		},
	},
	[`GET ${P}/department/simplelist`]: {
		handler(ctx) {
			const id = optionalDeptParam(ctx.query, 'id');
			const ids = deptIdsFor(ctx, id);
			return {
				department_id: ids.map((d) => {
					const dept = ctx.state.departments.get(d);
					return { id: dept.id, parentid: dept.parentId, order: dept.order };
				}),
			};
		},
	},
	[`GET ${P}/department/get`]: {
		handler(ctx) {
			assertNotNewIp(ctx);
			const id = requireDeptParam(ctx.query, 'id');
			assertDeptVisible(ctx, id);
			return { department: deptJson(ctx.state, ctx.state.departments.get(id)) };
		},
	},
	[`GET ${P}/user/get`]: {
		handler(ctx) {
			assertNotNewIp(ctx);
			const userid = ctx.query.userid;
			if (userid === undefined || userid === '') fail(41009);
			const u = ctx.state.users.get(userid);
			if (!u) fail(60111, `userid ${userid}`);
			if (!userVisible(ctx, u)) fail(60011, `userid ${userid} is outside the app's visible scope`);
			return userJson(u, { sensitive: sensitiveFor(ctx), list: false });
		},
	},
	[`GET ${P}/user/simplelist`]: {
		handler(ctx) {
			const id = requireDeptParam(ctx.query, 'department_id');
			assertDeptVisible(ctx, id);
			return {
				userlist: memberUsers(ctx, id).map((u) => ({ userid: u.userid, name: u.name, department: u.departments })),
			};
		},
	},
	[`GET ${P}/user/list`]: {
		handler(ctx) {
			assertNotNewIp(ctx);
			const id = requireDeptParam(ctx.query, 'department_id');
			assertDeptVisible(ctx, id);
			const sensitive = sensitiveFor(ctx);
			return { [RAW_FIELDS]: `"userlist":[${memberUsers(ctx, id).map((u) => listedUserText(ctx.state, u, sensitive)).join(',')}]` };
		},
	},
	[`POST ${P}/user/list_id`]: {
		handler(ctx) {
			assertContactsOnly(ctx);
			const body = requireBodyObject(ctx.body);
			const { limit, cursor } = body;
			if (!Number.isInteger(limit) || limit < 1 || limit > ctx.opts.listIdMaxLimit) {
				fail(40058, `limit must be an integer in 1..${ctx.opts.listIdMaxLimit}`);
			}
			let offset = 0;
			if (cursor !== undefined && cursor !== '') {
				if (typeof cursor !== 'string') fail(40058, 'cursor must be a string');
				const c = decodeCursor(cursor);
				if (!c) fail(40058, 'invalid cursor');
				offset = c.offset;
			}
			const snap = ctx.emu.pairSnapshot();
			const end = Math.min(offset + limit, snap.users.length);
			const rows = [];
			for (let i = offset; i < end; i++) rows.push({ userid: snap.users[i], department: snap.depts[i] });
			return { next_cursor: end < snap.users.length ? encodeCursor(end, ctx.state.version) : '', dept_user: rows };
		},
	},
	[`POST ${P}/user/getuserid`]: {
		handler(ctx) {
			const body = requireBodyObject(ctx.body);
			if (typeof body.mobile !== 'string' || body.mobile === '') fail(40058, 'mobile is required');
			// "+86" is optional for mainland numbers.
			const mobile = body.mobile.replace(/^\+86[- ]?/, '');
			const userid = ctx.state.byMobile.get(mobile);
			const u = userid === undefined ? undefined : ctx.state.users.get(userid);
			if (!u || !userVisible(ctx, u)) fail(46004);
			return { userid: u.userid };
		},
	},
	[`POST ${P}/user/get_userid_by_email`]: {
		handler(ctx) {
			const body = requireBodyObject(ctx.body);
			if (typeof body.email !== 'string' || body.email === '') fail(40058, 'email is required');
			const type = body.email_type === undefined ? 1 : body.email_type;
			if (type !== 1 && type !== 2) fail(40058, 'email_type must be 1 (business mail) or 2 (personal email)');
			const index = type === 1 ? ctx.state.byBizMail : ctx.state.byEmail;
			const userid = index.get(body.email.toLowerCase());
			const u = userid === undefined ? undefined : ctx.state.users.get(userid);
			if (!u || !userVisible(ctx, u)) fail(46004);
			return { userid: u.userid };
		},
	},
};

// Writes, invitations and messages: the same helpers, the same plumbing.
Object.assign(
	ROUTES,
	writeRoutes(P, { fail, requireBodyObject }),
	messageRoutes(P, { fail, requireBodyObject, userVisible, scopeOf }),
	tagRoutes(P, { fail, requireBodyObject, userVisible, scopeOf }),
);

// ---- the emulator ----------------------------------------------------------------------------

function deriveSecret(corpId, kind) {
	return createHash('sha256').update(`wecom-emulator:${corpId}:${kind}`).digest('base64url').slice(0, 43);
}

function normalizePath(p) {
	if (p.startsWith('/')) return p;
	return `${P}/${p}`;
}

function redactQuery(query) {
	const out = { ...query };
	if ('access_token' in out) out.access_token = '***';
	if ('corpsecret' in out) out.corpsecret = '***';
	return out;
}

/**
 * @param {object} [options]
 * @param {{departments: object[], users: object[]}} [options.org] from generateOrg
 * @param {string} [options.corpId]
 * @param {string} [options.contactsSecret]
 * @param {string} [options.appSecret]
 * @param {boolean} [options.appCreatedAfter2022]
 * @param {boolean} [options.newIp]
 * @param {number[]} [options.appScope]
 * @param {boolean} [options.trustedIps]
 * @param {number} [options.latencyMs]
 * @param {number} [options.jitterMs]
 * @param {number} [options.rateLimitPerMinute]
 * @param {number} [options.rateWindowMs]
 * @param {number|null} [options.concurrencyCap]
 * @param {number} [options.tokenTtlSec]
 * @param {number} [options.listIdMaxLimit]
 * @param {number} [options.agentId] the self-built app's AgentId (message/send must name it)
 * @param {number|null} [options.seatLimit] members the corp may have; user/create answers 45024 beyond
 * @param {boolean} [options.contactsEditing] false = contacts sync in read-only mode: writes answer 60011
 * @param {number[]} [options.tagIds] tags that exist, named "tag <id>", without members (batch/invite, message/send)
 * @param {object[]} [options.tags] full tags instead: { tagid, tagname, users?, parties?, owner?: 'console'|'contacts'|'app' }
 * @param {object[]} [options.admins] agent/get_admin_list: { userid, auth_type }; default the first two users (1, 0)
 * @param {string[]} [options.extattrNames] extended attributes defined in the admin console
 * @param {number} [options.port]
 * @param {number} [options.seed] seeds the latency jitter
 * @param {Array<{path: string, departmentId: number, errcode: number}>} [options.failFor] calls to `path` for that
 *   department (query department_id or id) always answer `errcode`: one department that cannot be read
 * @param {number|null} [options.tokenRevokeEvery] every Nth authenticated call revokes every token issued so far and
 *   answers 40014 (the chaos suite's "token invalidation every N calls"); logged with fault 'revoke'
 */
export async function startWeComEmulator(options = {}) {
	const org = options.org ?? generateOrg({ users: 30, departments: 6 });
	const corpId = options.corpId ?? 'ww-emulator-corp';
	const secrets = {
		contacts: options.contactsSecret ?? deriveSecret(corpId, 'contacts'),
		app: options.appSecret ?? deriveSecret(corpId, 'app'),
	};
	if (secrets.contacts === secrets.app) throw new Error('contactsSecret and appSecret must differ');
	const opts = {
		appCreatedAfter2022: options.appCreatedAfter2022 ?? false,
		newIp: options.newIp ?? false,
		appScope: options.appScope ?? [1],
		trustedIps: options.trustedIps ?? true,
		latencyMs: options.latencyMs ?? 0,
		jitterMs: options.jitterMs ?? 0,
		rateLimitPerMinute: options.rateLimitPerMinute ?? 10000,
		rateWindowMs: options.rateWindowMs ?? 60000,
		concurrencyCap: options.concurrencyCap ?? null,
		tokenTtlSec: options.tokenTtlSec ?? 7200,
		listIdMaxLimit: options.listIdMaxLimit ?? 10000,
		agentId: options.agentId ?? 1000002,
		seatLimit: options.seatLimit ?? null,
		contactsEditing: options.contactsEditing ?? true,
		tagIds: options.tagIds ?? [1, 2, 3],
		extattrNames: options.extattrNames ?? ['工号', 'Cost Center'],
		tokenRevokeEvery: options.tokenRevokeEvery ?? null,
		failFor: options.failFor ?? [],
	};
	/** Authenticated calls so far (token revocation every N, secret revocation after N). */
	let authCalls = 0;
	/** { kind, after }: the secret of `kind` stops working after that many authenticated calls. */
	let secretRevocation = null;
	const revokedSecrets = new Set();
	const state = createState(org);
	const log = [];
	/** token → { kind, expiresAt, revoked, seq } (seq: 1 for the first token issued, 2 for the next …) */
	const tokenStore = createTokens();
	const tokens = tokenStore.map;
	/** path → { times: number[], head: number, blockedUntil: number } */
	const rate = new Map();
	/** path → in-flight count */
	const inflight = new Map();
	const faultBox = createFaults({ kinds: FAULT_KINDS, normalizePath, tokenPath: GETTOKEN, badGatewayHtml: BAD_GATEWAY_HTML });
	const delayMs = latency(opts, options.seed ?? 0x5eed);

	// -- caches keyed on state.version / appScope
	let scopeCache = null;
	const tagStore = createTagStore(options, org);
	const emu = {
		/** message/send and batch/invite record what they accepted here. */
		messages: [],
		invitations: [],
		/** Tags (wecom.tags.mjs): tagid → { tagid, tagname, users: Set, parties: Set, owner }. */
		tags: tagStore.tags,
		admins: tagStore.admins,
		/** addtagusers / deltagusers calls accepted: { kind, tagid, users, parties } (list sizes). */
		tagCalls: [],
		appScopeRoots() {
			return opts.appScope;
		},
		appScopeSet() {
			if (!scopeCache || scopeCache.version !== state.version || scopeCache.roots !== opts.appScope) {
				const set = new Set();
				for (const r of opts.appScope) for (const d of state.subtree(r)) set.add(d);
				scopeCache = { version: state.version, roots: opts.appScope, set };
			}
			return scopeCache.set;
		},
		pairSnapshot: (() => {
			let snap = null;
			return () => {
				if (!snap || snap.version !== state.version) {
					const users = [];
					const depts = [];
					for (const u of state.users.values()) {
						for (const d of u.departments) {
							users.push(u.userid);
							depts.push(d);
						}
					}
					snap = { version: state.version, users, depts };
				}
				return snap;
			};
		})(),
	};

	function rateCheck(path, now) {
		let r = rate.get(path);
		if (!r) rate.set(path, (r = { times: [], head: 0, blockedUntil: 0 }));
		if (r.blockedUntil > now) return false;
		const from = now - opts.rateWindowMs;
		while (r.head < r.times.length && r.times[r.head] <= from) r.head++;
		if (r.head > 4096 && r.head * 2 > r.times.length) {
			r.times = r.times.slice(r.head);
			r.head = 0;
		}
		if (r.times.length - r.head >= opts.rateLimitPerMinute) {
			r.blockedUntil = now + opts.rateWindowMs; // a minute block lasts a full window
			return false;
		}
		r.times.push(now);
		return true;
	}

	async function handle(req, res) {
		const at = Date.now();
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const path = url.pathname;
		const query = {};
		for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v; // first value wins
		const entry = { method: req.method, path, query: redactQuery(query), body: undefined, errcode: null, status: null, secretKind: null, at, end: null };
		log.push(entry);

		// The body is parsed once here; the log keeps the parsed JSON, or the raw text if it
		// is not valid JSON.
		let body;
		let bodyValid = false;
		if (req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH') {
			let rawBody;
			try {
				rawBody = await readBody(req);
			} catch {
				entry.status = 413;
				req.socket.destroy();
				return;
			}
			try {
				body = JSON.parse(rawBody);
				bodyValid = true;
			} catch {
				body = undefined;
			}
			entry.body = bodyValid ? body : rawBody;
		} else {
			req.resume();
		}

		// Route: GET routes also answer POST (the body is ignored, parameters come from the
		// query string); POST routes called with GET get 40058 (no body to read), as documented.
		const postRoute = ROUTES[`POST ${path}`];
		const getRoute = ROUTES[`GET ${path}`];
		const isGettoken = path === GETTOKEN;
		let route = null;
		let missingBody = false;
		if (req.method === 'GET' || req.method === 'POST') {
			if (isGettoken) route = { gettoken: true };
			else if (postRoute) {
				route = postRoute;
				missingBody = req.method === 'GET';
			} else if (getRoute) route = getRoute;
		}
		if (!route) {
			entry.status = 404;
			writeRaw(res, 404, { 'content-type': 'text/html' }, NOT_FOUND_HTML);
			return;
		}

		// Which secret's token (for the log and the 'expire' fault), before any validation.
		const token = query.access_token;
		const tokenRec = token ? tokens.get(token) : undefined;
		if (tokenRec) {
			entry.secretKind = tokenRec.kind;
			// Which token the call carried and the newest one issued by then (any secret): a call
			// rejected with an older token than the newest was sent stale (the token churn tests).
			entry.tokenSeq = tokenRec.seq;
			entry.newestSeq = tokens.size;
		}
		if (isGettoken && query.corpid === corpId) {
			entry.secretKind = query.corpsecret === secrets.contacts ? 'contacts' : query.corpsecret === secrets.app ? 'app' : null;
		}

		const respond = async (payload) => {
			const ms = delayMs();
			if (ms > 0) await sleep(ms);
			entry.errcode = payload.errcode;
			entry.status = 200;
			entry.end = Date.now(); // with `at`, shows which calls were in flight together
			const json = JSON.stringify(payload);
			const body = payload[RAW_FIELDS] === undefined ? json : `${json.slice(0, -1)},${payload[RAW_FIELDS]}}`;
			writeRaw(
				res,
				200,
				{
					'content-type': 'application/json; charset=UTF-8',
					'error-code': String(payload.errcode),
					'error-msg': String(payload.errmsg).replace(/[^\x20-\x7e]/g, '?'),
				},
				body,
			);
		};
		const respondError = (errcode, hint) => respond({ errcode, errmsg: errmsgFor(errcode, hint) });

		// -- injected faults
		const fault = faultBox.pick(path);
		if (fault) {
			entry.fault = fault.kind;
			if (await faultBox.answerTransport(fault, req, res, entry, delayMs)) return;
			switch (fault.kind) {
				case 'slow':
					break; // answered normally after the wait
				case 'expire':
					if (tokenRec) tokenRec.expiresAt = Date.now() - 1;
					return respondError(42001);
				default:
					return respondError(Number(fault.kind));
			}
		}

		// -- authentication
		let kind = null;
		if (!isGettoken) {
			if (!token) return respondError(41001);
			if (!tokenRec || tokenRec.revoked) return respondError(40014);
			if (tokenRec.expiresAt <= Date.now()) return respondError(42001);
			kind = tokenRec.kind;
			if (!opts.trustedIps) return respondError(60020);
			authCalls++;
			if (secretRevocation && authCalls > secretRevocation.after && !revokedSecrets.has(secrets[secretRevocation.kind])) {
				// The admin reset the secret: its tokens die with it and gettoken refuses it (40001).
				revokedSecrets.add(secrets[secretRevocation.kind]);
				for (const t of tokens.values()) if (t.kind === secretRevocation.kind) t.revoked = true;
			}
			if (tokenRec.revoked) return respondError(40014);
			if (opts.tokenRevokeEvery && authCalls % opts.tokenRevokeEvery === 0) {
				for (const t of tokens.values()) t.revoked = true;
				entry.fault = 'revoke';
				return respondError(40014);
			}
		}

		// -- limits (per API path; one corp)
		const cap = opts.concurrencyCap;
		const n = inflight.get(path) ?? 0;
		if (cap != null && n >= cap) return respondError(45033);
		if (!rateCheck(path, Date.now())) return respondError(45009);
		inflight.set(path, n + 1);
		try {
			if (isGettoken) return await respond(gettoken(query));
			const broken = opts.failFor.find((f) => normalizePath(f.path) === path && String(f.departmentId) === String(query.department_id ?? query.id));
			if (broken) return await respondError(broken.errcode, `department ${broken.departmentId}`);
			if (missingBody) return await respondError(40058, 'this API requires POST with a JSON body');
			if (route === postRoute && !bodyValid) return await respondError(47001, 'request body is not valid JSON');
			let payload;
			try {
				payload = route.handler({ query, body: route === postRoute ? body : undefined, kind, token, state, opts, emu });
			} catch (err) {
				if (err instanceof WeComError) return await respondError(err.errcode, err.hint);
				throw err;
			}
			return await respond({ errcode: 0, errmsg: 'ok', ...payload });
		} finally {
			inflight.set(path, (inflight.get(path) ?? 1) - 1);
		}
	}

	function gettoken(query) {
		const { corpid, corpsecret } = query;
		if (!corpid) return { errcode: 41002, errmsg: errmsgFor(41002) };
		if (!corpsecret) return { errcode: 41004, errmsg: errmsgFor(41004) };
		if (corpid !== corpId) return { errcode: 40013, errmsg: errmsgFor(40013) };
		const kind = corpsecret === secrets.contacts ? 'contacts' : corpsecret === secrets.app ? 'app' : null;
		if (!kind || revokedSecrets.has(corpsecret)) return { errcode: 40001, errmsg: errmsgFor(40001) };
		const accessToken = randomBytes(48).toString('base64url'); // 64 chars
		tokenStore.issue(accessToken, { kind, expiresAt: Date.now() + opts.tokenTtlSec * 1000 });
		return { errcode: 0, errmsg: 'ok', access_token: accessToken, expires_in: opts.tokenTtlSec };
	}

	const served = await serve(handle, { port: options.port, host: options.host, urlHost: options.urlHost, tls: options.tls, name: 'wecom', onClose: () => faultBox.release() });

	return {
		url: served.url,
		corpId,
		secrets,
		org,
		log,
		state,
		/** Application messages accepted by message/send: { msgid, agentid, msgtype, touser, toparty, totag, content | title … }. */
		messages: emu.messages,
		/** Invitations accepted by batch/invite: { user, party, tag } (the valid ones). */
		invitations: emu.invitations,
		/** Live tag store: tagid → { tagid, tagname, users: Set, parties: Set, owner }. */
		tags: emu.tags,
		admins: emu.admins,
		tagCalls: emu.tagCalls,
		/** Number of logged requests, optionally for one path ('/cgi-bin/user/list' or 'user/list'). */
		count(path) {
			return countRequests(log, path, normalizePath);
		},
		clearLog() {
			log.length = 0;
		},
		/** Start every API's rate window afresh, as a run a minute later would find it (the bench measures several whole reads in a row). */
		resetRateWindows() {
			rate.clear();
		},
		/** Serialize every member's user/list entry now, as a server would have it ready (the bench calls this before it measures). */
		warmCaches() {
			for (const u of state.users.values()) for (const sensitive of [true, false]) listedUserText(state, u, sensitive);
		},
		/**
		 * @param {{ kind: string, rate?: number, count?: number, paths?: string[]|null, seed?: number, slowMs?: number }} spec
		 * @returns {{ kind: string, fired: number }} live handle (fired counts injections so far)
		 */
		injectFaults(spec) {
			return faultBox.inject(spec);
		},
		clearFaults() {
			faultBox.clear();
		},
		/** Every access token issued so far (for the secret canary). */
		issuedTokens() {
			return tokenStore.issued();
		},
		/**
		 * The secret of `kind` ('app' or 'contacts') is reset after `calls` more authenticated
		 * calls: its tokens answer 40014 from then on and gettoken answers 40001 for it.
		 */
		revokeSecretAfter(calls, kind = 'app') {
			secretRevocation = { kind, after: authCalls + calls };
		},
		/** Every token issued so far answers 40014 from now on. */
		invalidateTokens() {
			tokenStore.revokeAll();
		},
		/** Every token issued so far answers 42001 from now on. */
		expireTokens() {
			tokenStore.expireAll();
		},
		setOption(name, value) {
			if (!SETTABLE.has(name)) throw new Error(`unknown or immutable option ${name}`);
			if (name === 'appScope' && (!Array.isArray(value) || !value.every(Number.isInteger))) {
				throw new Error('appScope must be an array of department ids');
			}
			opts[name] = value;
		},
		options: opts,
		close: served.close,
	};
}
