// A loopback Casdoor (also Hanzo IAM: same API) for tests, the bench and the sandbox.
//
// startCasdoorEmulator({ organization, clientId, clientSecret, users, groups, latencyMs })
//   → { url, clientId, clientSecret, organization, users, groups, organizations, log,
//       count(path?), clearLog(), injectFaults(...faults), user(name, owner?),
//       orgUsers(owner?), seedUser(partial), addOrganization(name, extra?), close() }
//
// It keeps the traps the reference documents (casdoor-api.md §1, casdoor/casdoor@e6b2338):
// - every answer is HTTP 200 with {status, msg, data, data2}; failures are status "error";
//   mutations answer data "Affected" | "Unaffected" (update-group on a missing group and
//   delete-user of a missing user are "Unaffected", not errors);
// - add-user enforces the user-name pattern, refuses duplicate name / email / phone, fills
//   id, createdTime and the organization's default avatar, leaves properties/groups null;
// - update-user WITHOUT `columns` replaces the default column set (plus the admin columns,
//   client credentials being global admin) and zeroes every field the body omits; WITH
//   `columns` it merges the body onto the stored user and writes only those columns
//   (camelCase or snake_case), plus updatedTime. Simplification: "Unaffected" when the
//   written columns did not change (real Casdoor bumps updated_time and says "Affected");
// - phones are normalized to the national number + countryCode ("+86 138…" → "138…", CN),
//   an invalid one is refused, the organization's first country code is the default;
// - get-users: all users without p/pageSize; with them a page and data2 = total;
//   field/value is a case-insensitive SUBSTRING match (SQL LIKE %value%);
// - get-user id=owner/name (or owner + email/phone/userId) answers data null when missing;
// - client credentials as HTTP Basic or query parameters: a wrong query pair is an error,
//   a wrong Basic pair is ignored (proxy tolerance) so the call is anonymous and refused
//   with "Unauthorized operation";
// - groups: names may not be empty, contain "/" or equal an organization name; update-group
//   writes every column (omitted ones are zeroed); delete-group refuses while the group
//   has children or users;
// - roles (object/role.go, controllers/role.go): get-roles all or paged (data2 = total),
//   newest first; get-role answers data null when missing; add-role refuses a duplicate
//   (owner, name) with the database's "Duplicate entry" error; update-role writes every
//   column (AllCols: omitted ones are zeroed) and answers "Unaffected" for a missing role;
//   delete-role answers "Unaffected" for a missing role. Lists never set are null. Casdoor
//   checks neither role names nor that role members exist (nor does the emulator).
// - paths outside /api answer the web app's HTML with HTTP 200 (a wrong Endpoint URL).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { mulberry32 } from './orgGenerator.mjs';

/** Kinds of the seeded, rate-based faults (injectFaults({ kind, rate, … })). */
const RANDOM_FAULT_KINDS = new Set(['reset', '502', 'resetAfterApply', 'slow', 'timeout']);

const NAME_PATTERN = /^[a-zA-Z0-9]+([-._][a-zA-Z0-9]+)*$/;

const USER_TEMPLATE = {
	owner: '',
	name: '',
	createdTime: '',
	updatedTime: '',
	id: '',
	externalId: '',
	type: '',
	password: '',
	displayName: '',
	firstName: '',
	lastName: '',
	avatar: '',
	email: '',
	emailVerified: false,
	phone: '',
	countryCode: '',
	region: '',
	location: '',
	affiliation: '',
	title: '',
	gender: '',
	tag: '',
	language: '',
	idCard: '',
	realName: '',
	isAdmin: false,
	isForbidden: false,
	isDeleted: false,
	deletedTime: '',
	wecom: '',
	dingtalk: '',
	lark: '',
	groups: null,
	properties: null,
};

// update-user without `columns` (object/user.go UpdateUser): the modelled part of the default set…
const DEFAULT_COLUMNS = [
	'owner', 'displayName', 'avatar', 'firstName', 'lastName', 'location', 'countryCode', 'region', 'language',
	'affiliation', 'title', 'idCard', 'tag', 'gender', 'properties', 'groups', 'emailVerified', 'type',
	'dingtalk', 'wecom', 'lark',
];
// …and the columns admins (client credentials included) also write.
const ADMIN_COLUMNS = ['name', 'id', 'email', 'phone', 'isAdmin', 'isForbidden', 'isDeleted'];

const GROUP_TEMPLATE = {
	owner: '',
	name: '',
	createdTime: '',
	updatedTime: '',
	displayName: '',
	manager: '',
	contactEmail: '',
	type: '',
	parentId: '',
	isTopGroup: false,
	isEnabled: false,
};

const ROLE_TEMPLATE = {
	owner: '',
	name: '',
	createdTime: '',
	displayName: '',
	description: '',
	users: null,
	groups: null,
	roles: null,
	domains: null,
	isEnabled: false,
};

const CALLING_CODES = {
	1: 'US', 7: 'RU', 33: 'FR', 44: 'GB', 49: 'DE', 61: 'AU', 65: 'SG', 81: 'JP', 82: 'KR', 86: 'CN',
	852: 'HK', 853: 'MO', 886: 'TW',
};

function zeroOf(value) {
	if (typeof value === 'boolean') return false;
	if (value === null) return null;
	return '';
}

function snakeToCamel(column) {
	return column.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
}

function nowIso() {
	return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function clone(value) {
	return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** util.GetNormalizedPhone, for the numbers tests use: national digits + region, or not ok. */
export function normalizePhone(phone, countryCode) {
	const compact = String(phone).trim().replace(/[\s\-()]/g, '');
	if (!/^\+?\d+$/.test(compact)) return { ok: false };
	const valid = (digits) => digits.length >= 6 && digits.length <= 14;
	if (compact.startsWith('+')) {
		for (const len of [3, 2, 1]) {
			const region = CALLING_CODES[compact.slice(1, 1 + len)];
			if (region) {
				const national = compact.slice(1 + len);
				return valid(national) ? { ok: true, phone: national, countryCode: region } : { ok: false };
			}
		}
		return { ok: false };
	}
	if (!countryCode) return { ok: false };
	return valid(compact) ? { ok: true, phone: compact, countryCode } : { ok: false };
}

export async function startCasdoorEmulator({
	organization = 'acme',
	clientId = 'casdoor-client-id',
	clientSecret = 'casdoor-client-secret-0001',
	applicationName = 'n8n-sync',
	users = [],
	groups = [],
	roles = [],
	latencyMs = 0,
	defaultAvatar = 'https://cdn.casdoor.example/img/casbin.svg',
	port = 0,
	host = '127.0.0.1',
	urlHost = '127.0.0.1',
} = {}) {
	const organizations = new Map();
	const userMap = new Map();
	const groupMap = new Map();
	const roleMap = new Map();
	const log = [];
	const faults = [];
	/** Seeded faults: { kind, rate, remaining, paths, rnd, slowMs, fired }. */
	let randomFaults = [];
	let seq = 0;
	const order = new WeakMap();

	function addOrganization(name, extra = {}) {
		organizations.set(name, {
			owner: 'admin',
			name,
			displayName: name,
			defaultAvatar,
			countryCodes: ['CN'],
			enableSoftDeletion: false,
			...extra,
		});
	}
	addOrganization(organization);

	function store(user) {
		order.set(user, ++seq);
		userMap.set(`${user.owner}/${user.name}`, user);
	}

	function seedUser(partial) {
		const user = { ...clone(USER_TEMPLATE), owner: organization, createdTime: nowIso(), id: randomUUID(), ...clone(partial) };
		user.updatedTime ||= user.createdTime;
		store(user);
		return user;
	}
	for (const u of users) seedUser(u);
	for (const r of roles) roleMap.set(`${r.owner ?? organization}/${r.name}`, { ...clone(ROLE_TEMPLATE), owner: organization, createdTime: nowIso(), ...clone(r) });
	for (const g of groups) groupMap.set(`${g.owner ?? organization}/${g.name}`, { ...GROUP_TEMPLATE, owner: organization, ...g });

	const ok = (data, data2) => ({ status: 'ok', msg: '', data: data ?? null, ...(data2 !== undefined ? { data2 } : {}) });
	const fail = (msg) => ({ status: 'error', msg, data: null });
	const action = (affected) => ({ status: 'ok', msg: '', data: affected ? 'Affected' : 'Unaffected' });

	function masked(user) {
		if (!user) return null;
		const out = clone(user);
		if (out.password) out.password = '***';
		return out;
	}

	function orgUsers(owner = organization) {
		return [...userMap.values()].filter((u) => u.owner === owner);
	}

	function findBy(owner, field, value) {
		if (!value) return undefined;
		return orgUsers(owner).find((u) => String(u[field] ?? '').toLowerCase() === String(value).toLowerCase());
	}

	/** object.CheckUpdateUser: name rule and uniqueness, email uniqueness, phone normalization. */
	function checkUpdateUser(oldUser, user) {
		if (oldUser.name !== user.name) {
			const orgName = oldUser.owner || user.owner;
			if (!organizations.has(orgName)) return `The organization: ${orgName} does not exist`;
			if (!user.name) return 'Empty username.';
			if (user.name.length > 255) return 'Username is too long (maximum is 255 characters).';
			if (!NAME_PATTERN.test(user.name)) {
				return 'The username may only contain alphanumeric characters, underlines or hyphens, cannot have consecutive hyphens or underlines, and cannot begin or end with a hyphen or underline.';
			}
			if (userMap.has(`${user.owner}/${user.name}`)) return 'Username already exists';
		}
		if (oldUser.email !== user.email && user.email && findBy(user.owner, 'email', user.email)) return 'Email already exists';
		if (oldUser.phone !== user.phone || oldUser.countryCode !== user.countryCode) {
			if (user.phone) {
				const fallback = user.countryCode || organizations.get(user.owner)?.countryCodes?.[0] || '';
				const n = normalizePhone(user.phone, fallback);
				if (!n.ok) return 'Phone number is invalid';
				user.phone = n.phone;
				user.countryCode = n.countryCode;
			}
			if ((oldUser.phone !== user.phone || oldUser.countryCode !== user.countryCode) && user.phone) {
				const taken = orgUsers(user.owner).some((u) => u !== oldUser && u.phone === user.phone && u.countryCode === user.countryCode);
				if (taken) return 'Phone already exists';
			}
		}
		return '';
	}

	function matchesFilter(user, field, value) {
		if (!field || value === undefined || value === '') return true;
		const key = snakeToCamel(field);
		const stored = user[key];
		return String(stored ?? '').toLowerCase().includes(String(value).toLowerCase());
	}

	function page(list, q) {
		if (!q.pageSize || !q.p) return { data: list };
		const size = Math.max(1, Number(q.pageSize));
		const p = Math.max(1, Number(q.p));
		return { data: list.slice((p - 1) * size, p * size), data2: list.length };
	}

	function checkGroupName(name) {
		if (!name) return "group name can't be empty";
		if (name.includes('/')) return 'group name can\'t contain "/"';
		if (organizations.has(name)) return "group name can't be same as the organization name";
		return '';
	}

	/** The session subject, or an error envelope (routers/auto_signin_filter.go, routers/base.go). */
	function authenticate(req, q) {
		const header = req.headers.authorization ?? '';
		if (header.startsWith('Basic ')) {
			const [id, ...rest] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
			const secret = rest.join(':');
			// A wrong Basic pair may belong to a proxy in front of Casdoor: ignored, not an error.
			if (id === clientId && secret === clientSecret) return { subject: `app/${applicationName}`, via: 'basic' };
			return { subject: '', via: 'basic' };
		}
		if (q.clientId && q.clientSecret) {
			if (q.clientId !== clientId) return { error: `Application not found for client ID: ${q.clientId}`, via: 'query' };
			if (q.clientSecret !== clientSecret) return { error: `Incorrect client secret for application: ${applicationName}`, via: 'query' };
			return { subject: `app/${applicationName}`, via: 'query' };
		}
		return { subject: '', via: 'none' };
	}

	const routes = {
		'GET /api/get-organization': (q) => {
			const [, name] = String(q.id ?? '').split('/');
			return ok(clone(organizations.get(name)) ?? null);
		},
		'GET /api/get-users': (q) => {
			let list = orgUsers(q.owner);
			if (q.groupName) list = list.filter((u) => (u.groups ?? []).includes(`${q.owner}/${q.groupName}`));
			list = list.filter((u) => matchesFilter(u, q.field, q.value));
			list.sort((a, b) => order.get(b) - order.get(a));
			const { data, data2 } = page(list.map(masked), q);
			return ok(data, data2);
		},
		'GET /api/get-user': (q) => {
			let user;
			if (q.userId && q.owner) user = findBy(q.owner, 'id', q.userId);
			else if (q.owner && q.email) user = findBy(q.owner, 'email', q.email);
			else if (q.owner && q.phone) {
				const n = normalizePhone(q.phone, organizations.get(q.owner)?.countryCodes?.[0]);
				user = orgUsers(q.owner).find((u) => u.phone && (u.phone === q.phone || (n.ok && u.phone === n.phone)));
			} else if (q.id) user = userMap.get(q.id);
			return ok(masked(user) ?? null);
		},
		'POST /api/add-user': (q, body) => {
			const user = { ...clone(USER_TEMPLATE), ...body };
			const msg = checkUpdateUser({ ...USER_TEMPLATE }, user);
			if (msg) return fail(msg);
			if (!user.owner || !user.name) return fail("the user's owner and name should not be empty");
			const org = organizations.get(user.owner);
			if (!org) return fail(`the organization: ${user.owner} is not found`);
			user.id ||= randomUUID();
			user.avatar ||= org.defaultAvatar;
			user.createdTime ||= nowIso();
			user.updatedTime ||= user.createdTime;
			if (user.groups !== null && !Array.isArray(user.groups)) return fail('json: cannot unmarshal groups');
			store(user);
			return action(true);
		},
		'POST /api/update-user': (q, body) => {
			const old = userMap.get(q.id);
			if (!old) return fail(`The user: ${q.id} doesn't exist`);
			const columns = q.columns ? String(q.columns).split(',').map((c) => snakeToCamel(c.trim())).filter(Boolean) : [];
			let user;
			if (columns.length > 0) {
				// The body is unmarshalled onto a copy of the stored user; JSON objects merge into maps.
				user = { ...clone(old), ...body };
				if (body.properties && typeof body.properties === 'object') user.properties = { ...(old.properties ?? {}), ...body.properties };
			} else {
				user = { ...clone(USER_TEMPLATE), ...body };
			}
			const msg = checkUpdateUser(old, user);
			if (msg) return fail(msg);
			if (old.displayName !== user.displayName && !user.displayName && !q.allowEmpty) return fail('Display name cannot be empty');
			const written = columns.length > 0 ? columns : [...DEFAULT_COLUMNS, ...ADMIN_COLUMNS];
			const before = JSON.stringify(old);
			for (const column of written) {
				if (!(column in USER_TEMPLATE)) continue;
				old[column] = column in user ? clone(user[column]) : zeroOf(USER_TEMPLATE[column]);
			}
			if (old.name !== q.id.split('/')[1]) {
				userMap.delete(q.id);
				store(old);
			}
			const changed = JSON.stringify(old) !== before;
			if (changed) old.updatedTime = nowIso();
			return action(changed);
		},
		'POST /api/delete-user': (q, body) => {
			const key = `${body.owner}/${body.name}`;
			const user = userMap.get(key);
			if (!user) return action(false);
			if (organizations.get(user.owner)?.enableSoftDeletion) {
				user.isDeleted = true;
				user.deletedTime = nowIso();
			} else {
				userMap.delete(key);
			}
			return action(true);
		},
		'GET /api/get-groups': (q) => {
			const list = [...groupMap.values()]
				.filter((g) => g.owner === q.owner)
				.map((g) => ({ ...clone(g), users: orgUsers(q.owner).filter((u) => (u.groups ?? []).includes(`${g.owner}/${g.name}`)).map((u) => `${u.owner}/${u.name}`) }));
			const { data, data2 } = page(list, q);
			return ok(data, data2);
		},
		'GET /api/get-group': (q) => ok(clone(groupMap.get(q.id)) ?? null),
		'POST /api/add-group': (q, body) => {
			const msg = checkGroupName(body.name);
			if (msg) return fail(msg);
			if (!organizations.has(body.owner)) return fail('Unauthorized operation');
			const key = `${body.owner}/${body.name}`;
			if (groupMap.has(key)) return fail(`Error 1062 (23000): Duplicate entry '${body.owner}-${body.name}' for key 'group.PRIMARY'`);
			groupMap.set(key, { ...GROUP_TEMPLATE, createdTime: nowIso(), ...clone(body) });
			return action(true);
		},
		'POST /api/update-group': (q, body) => {
			const old = groupMap.get(q.id);
			if (!old) return action(false);
			const msg = checkGroupName(body.name);
			if (msg) return fail(msg);
			// AllCols(): every column is written; what the body omits is zeroed.
			const next = {};
			for (const [key, zero] of Object.entries(GROUP_TEMPLATE)) next[key] = key in body ? clone(body[key]) : zero;
			const oldName = old.name;
			groupMap.delete(q.id);
			groupMap.set(`${next.owner}/${next.name}`, next);
			if (oldName !== next.name) {
				for (const u of userMap.values()) if (u.groups) u.groups = u.groups.map((g) => (g === `${old.owner}/${oldName}` ? `${old.owner}/${next.name}` : g));
				for (const g of groupMap.values()) if (g.parentId === oldName) g.parentId = next.name;
			}
			return action(JSON.stringify(next) !== JSON.stringify(old));
		},
		'GET /api/get-roles': (q) => {
			const list = [...roleMap.values()].filter((r) => r.owner === q.owner).map(clone);
			list.sort((a, b) => (a.createdTime < b.createdTime ? 1 : a.createdTime > b.createdTime ? -1 : 0));
			const { data, data2 } = page(list, q);
			return ok(data, data2);
		},
		'GET /api/get-role': (q) => ok(clone(roleMap.get(q.id)) ?? null),
		'POST /api/add-role': (q, body) => {
			if (!body.owner || !body.name) return fail("the role's owner and name should not be empty");
			const key = `${body.owner}/${body.name}`;
			if (roleMap.has(key)) return fail(`Error 1062 (23000): Duplicate entry '${body.owner}-${body.name}' for key 'role.PRIMARY'`);
			roleMap.set(key, { ...clone(ROLE_TEMPLATE), createdTime: nowIso(), ...clone(body) });
			return action(true);
		},
		'POST /api/update-role': (q, body) => {
			const old = roleMap.get(q.id);
			if (!old) return action(false);
			// AllCols(): every column is written; what the body omits is zeroed.
			const next = {};
			for (const [key, zero] of Object.entries(ROLE_TEMPLATE)) next[key] = key in body ? clone(body[key]) : zero;
			roleMap.delete(q.id);
			roleMap.set(`${next.owner}/${next.name}`, next);
			return action(JSON.stringify(next) !== JSON.stringify(old));
		},
		'POST /api/delete-role': (q, body) => action(roleMap.delete(`${body.owner}/${body.name}`)),
		'POST /api/delete-group': (q, body) => {
			const key = `${body.owner}/${body.name}`;
			if ([...groupMap.values()].some((g) => g.owner === body.owner && g.parentId === body.name)) return fail('group has children group');
			if ([...userMap.values()].some((u) => (u.groups ?? []).includes(key))) return fail('group has users');
			return action(groupMap.delete(key));
		},
	};

	const server = createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', async () => {
			const url = new URL(req.url, 'http://emulator');
			const q = Object.fromEntries(url.searchParams);
			const raw = Buffer.concat(chunks).toString('utf8');
			let body;
			let parseError;
			if (req.method === 'POST') {
				try {
					body = raw ? JSON.parse(raw) : {};
				} catch (error) {
					parseError = `invalid character in JSON body: ${error.message}`;
				}
			}
			const auth = authenticate(req, q);
			const entry = { method: req.method, path: url.pathname, query: q, body, auth: auth.via };
			log.push(entry);
			if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));

			const fault = faults.findIndex((f) => (!f.path || f.path === url.pathname) && (!f.method || f.method === req.method));
			let after;
			let f;
			if (fault >= 0) {
				f = faults[fault];
				if (--f.times <= 0) faults.splice(fault, 1);
			} else {
				f = pickRandomFault(url.pathname);
			}
			if (f) {
				entry.fault = f.kind;
				if (f.kind === '502') f = { kind: 'http', status: 502, body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>' };
				if (f.kind === 'timeout') return; // never answered; the client gives up
				if (f.kind === 'slow') await new Promise((r) => setTimeout(r, f.slowMs));
				if (f.kind === 'reset') return req.socket.destroy();
				if (f.kind === 'http') {
					res.writeHead(f.status ?? 500, { 'content-type': 'text/html' });
					return res.end(f.body ?? '<html><body>502 Bad Gateway</body></html>');
				}
				if (f.kind === 'error') return send(res, fail(f.msg ?? 'injected error'));
				if (f.kind === 'reply') return send(res, f.body);
				if (f.kind === 'resetAfterApply') after = () => req.socket.destroy();
			}

			if (!url.pathname.startsWith('/api/')) {
				res.writeHead(200, { 'content-type': 'text/html' });
				return res.end('<!DOCTYPE html><html><head><title>Casdoor</title></head><body><div id="root"></div></body></html>');
			}
			const route = routes[`${req.method} ${url.pathname}`];
			if (!route) {
				res.writeHead(404, { 'content-type': 'text/html' });
				return res.end('<html><body>404 Not Found</body></html>');
			}
			if (auth.error) return send(res, fail(auth.error));
			if (!auth.subject) return send(res, fail('Unauthorized operation'));
			if (parseError) return send(res, fail(parseError));
			const answer = route(q, body ?? {});
			if (after) return after();
			send(res, answer);
		});
	});

	function pickRandomFault(path) {
		for (const rf of randomFaults) {
			if (rf.remaining <= 0) continue;
			if (rf.paths && !rf.paths.has(path)) continue;
			if (rf.rnd() < rf.rate) {
				rf.remaining--;
				rf.fired++;
				return rf;
			}
		}
		return undefined;
	}

	function send(res, json) {
		res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
		res.end(JSON.stringify(json));
	}

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port: boundPort } = server.address();

	return {
		url: `http://${urlHost}:${boundPort}`,
		clientId,
		clientSecret,
		organization,
		/** Live: key "owner/name" → the stored user. */
		users: userMap,
		/** Live: key "owner/name" → the stored group. */
		groups: groupMap,
		/** Live: key "owner/name" → the stored role. */
		roles: roleMap,
		role: (name, owner = organization) => roleMap.get(`${owner}/${name}`),
		organizations,
		log,
		user: (name, owner = organization) => userMap.get(`${owner}/${name}`),
		orgUsers,
		seedUser,
		addOrganization,
		/** Requests received, optionally only those to one path (e.g. '/api/update-user'). */
		count: (path) => (path ? log.filter((e) => e.path === path).length : log.length),
		clearLog: () => {
			log.length = 0;
		},
		/**
		 * Faults consumed by the next matching requests, in order: { kind: 'reset' | 'http' |
		 * 'error' | 'reply' | 'resetAfterApply', path?, method?, status?, body?, msg?, times = 1 }.
		 * 'reply' answers `body` (JSON) without performing the request; 'resetAfterApply'
		 * performs it, then drops the connection unanswered.
		 */
		injectFaults: (...list) => {
			const handles = [];
			for (const f of list) {
				if (f.rate === undefined) {
					faults.push({ times: 1, ...f });
					continue;
				}
				// Seeded, rate-based, like the WeCom and DingTalk emulators: { kind, rate, count, paths, seed, slowMs }.
				if (!RANDOM_FAULT_KINDS.has(f.kind)) throw new Error(`unknown fault kind ${f.kind}`);
				if (!(f.rate >= 0 && f.rate <= 1)) throw new Error('rate must be in [0, 1]');
				const rf = {
					kind: f.kind,
					rate: f.rate,
					remaining: f.count ?? Infinity,
					paths: f.paths ? new Set(f.paths) : null,
					rnd: mulberry32(f.seed ?? 1),
					slowMs: f.slowMs ?? 300,
					fired: 0,
				};
				randomFaults.push(rf);
				handles.push(rf);
			}
			return handles.length === 1 ? handles[0] : handles;
		},
		clearFaults: () => {
			faults.length = 0;
			randomFaults = [];
		},
		/** From now on no request is answered (the server hangs), until close. */
		stopAnswering: () => {
			randomFaults.unshift({ kind: 'timeout', rate: 1, remaining: Infinity, paths: null, rnd: () => 0, slowMs: 0, fired: 0 });
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}
