// A real SCIM 2.0 server for tests and the sandbox: scimmy (RFC 7643/7644 schemas, filters,
// PatchOp, ListResponse paging, error bodies) served by scimmy-routers on express, over an
// in-memory store. Only the store is ours — scimmy does the protocol.
//
// startScimEmulator({ token, basic, users, groups, patch, advertisePatch, patchNoContent, basePath })
//   → { url, token, basic, log, count(method?, path?), clearLog(), users(), user(userName),
//       userById(id), groups(), group(displayName), seedUser(resource), seedGroup(resource),
//       writes(), setPatch(enabled, { advertise }), setPatchNoContent(on), injectFaults(...faults),
//       clearFaults(), close() }
//
// What the store adds to scimmy, as real servers do:
// - userName is unique (case-insensitive): POST or PUT/PATCH onto a taken one answers 409
//   scimType "uniqueness" (RFC 7644 §3.3); group displayName is unique too;
// - ids are UUIDs; meta.created / lastModified are kept; a user's read-only `groups` lists
//   the groups it is a member of; deleting a user removes it from every group;
// - a group member must be an existing user (else 400 invalidValue).
// Switches and faults:
// - auth: a bearer token (default), or `basic: {user, password}` for HTTP Basic; anything
//   else answers 401 with a SCIM error body;
// - `patch: false`: ServiceProviderConfig says patch.supported false and PATCH answers 501;
//   with `advertisePatch: true` the config still says true and PATCH answers 405 (a proxy
//   that blocks the method) — the two ways a client learns it must PUT instead;
// - `patchNoContent: true`: a PATCH that succeeds is answered 204 with no body instead of
//   200 with the resource (RFC 7644 §3.5.2 allows either; scimmy itself answers 204 only
//   when the PATCH changed nothing);
// - seeded users (`users`, seedUser) may carry anything scimmy's User schema holds: extra
//   e-mails and phones of other types, a primary set by the IdP, addresses, extensions —
//   the IdP-side entries a client must keep.
// - injectFaults({ method, path, status, body, times, afterApply }) answers the next
//   matching requests with that status (a 429 or 503, say) before they reach scimmy; with
//   `afterApply` scimmy does the work first and only the answer is replaced (a write that
//   landed although the client saw a failure).
// The log records every request: method, path (below the base path), query, body,
// content type, auth scheme and the status answered.
import { randomUUID } from 'node:crypto';

import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

const clone = (value) => JSON.parse(JSON.stringify(value));
const scimError = (status, scimType, detail) => new SCIMMY.Types.Error(status, scimType ?? null, detail);

/** A user as the store answers it: the record plus its read-only group memberships. */
function withGroups(store, user) {
	const groups = [...store.groups.values()]
		.filter((g) => (g.members ?? []).some((m) => m.value === user.id))
		.map((g) => ({ value: g.id, display: g.displayName, type: 'direct' }));
	return groups.length ? { ...user, groups } : { ...user };
}

function userIngress(resource, data, store) {
	const incoming = clone(data);
	delete incoming.meta;
	delete incoming.groups;
	const taken = [...store.users.values()].find(
		(u) => u.userName.toLowerCase() === String(incoming.userName).toLowerCase() && u.id !== resource.id,
	);
	if (taken) throw scimError(409, 'uniqueness', `userName "${incoming.userName}" is already taken`);
	const now = new Date().toISOString();
	if (resource.id) {
		const old = store.users.get(resource.id);
		if (!old) throw scimError(404, null, `Resource ${resource.id} not found`);
		const record = { ...incoming, id: resource.id, meta: { created: old.meta.created, lastModified: now } };
		store.users.set(resource.id, record);
		return withGroups(store, record);
	}
	const record = { ...incoming, id: randomUUID(), meta: { created: now, lastModified: now } };
	store.users.set(record.id, record);
	return withGroups(store, record);
}

function userEgress(resource, store) {
	if (resource.id) {
		const user = store.users.get(resource.id);
		if (!user) throw scimError(404, null, `Resource ${resource.id} not found`);
		return withGroups(store, user);
	}
	const all = [...store.users.values()].map((u) => withGroups(store, u));
	return resource.filter ? resource.filter.match(all) : all;
}

function userDegress(resource, store) {
	if (!store.users.delete(resource.id)) throw scimError(404, null, `Resource ${resource.id} not found`);
	for (const group of store.groups.values()) group.members = (group.members ?? []).filter((m) => m.value !== resource.id);
}

function groupIngress(resource, data, store) {
	const incoming = clone(data);
	delete incoming.meta;
	const taken = [...store.groups.values()].find(
		(g) => g.displayName.toLowerCase() === String(incoming.displayName).toLowerCase() && g.id !== resource.id,
	);
	if (taken) throw scimError(409, 'uniqueness', `displayName "${incoming.displayName}" is already taken`);
	const members = [];
	for (const member of incoming.members ?? []) {
		const user = store.users.get(member.value);
		if (!user) throw scimError(400, 'invalidValue', `member "${member.value}" is not a user`);
		if (!members.some((m) => m.value === user.id)) members.push({ value: user.id, display: user.displayName ?? user.userName, type: 'User' });
	}
	const now = new Date().toISOString();
	const old = resource.id ? store.groups.get(resource.id) : undefined;
	if (resource.id && !old) throw scimError(404, null, `Resource ${resource.id} not found`);
	const record = { ...incoming, members, id: resource.id ?? randomUUID(), meta: { created: old?.meta.created ?? now, lastModified: now } };
	store.groups.set(record.id, record);
	return clone(record);
}

function groupEgress(resource, store) {
	if (resource.id) {
		const group = store.groups.get(resource.id);
		if (!group) throw scimError(404, null, `Resource ${resource.id} not found`);
		return clone(group);
	}
	const all = [...store.groups.values()].map(clone);
	return resource.filter ? resource.filter.match(all) : all;
}

function groupDegress(resource, store) {
	if (!store.groups.delete(resource.id)) throw scimError(404, null, `Resource ${resource.id} not found`);
}

// SCIMMY is a process-wide singleton: resources are declared once, and each emulator hands
// its own store to the handlers through the routers' `context`.
let declared = false;
function declareResources() {
	if (declared) return;
	declared = true;
	SCIMMY.Resources.declare(SCIMMY.Resources.User)
		.extend(SCIMMY.Schemas.EnterpriseUser, false)
		.ingress((resource, data, store) => userIngress(resource, data, store))
		.egress((resource, store) => userEgress(resource, store))
		.degress((resource, store) => userDegress(resource, store));
	SCIMMY.Resources.declare(SCIMMY.Resources.Group)
		.ingress((resource, data, store) => groupIngress(resource, data, store))
		.egress((resource, store) => groupEgress(resource, store))
		.degress((resource, store) => groupDegress(resource, store));
}

function authCheck(options) {
	return (req) => {
		const header = req.header('authorization') ?? '';
		if (options.basic) {
			const expected = `Basic ${Buffer.from(`${options.basic.user}:${options.basic.password}`).toString('base64')}`;
			if (header !== expected) throw new Error('Invalid user or password');
			return options.basic.user;
		}
		if (header !== `Bearer ${options.token}`) throw new Error(header.startsWith('Bearer ') ? 'Invalid bearer token' : 'Bearer token required');
		return 'provisioning-client';
	};
}

export async function startScimEmulator(options = {}) {
	declareResources();
	const settings = {
		token: options.token ?? 'scim-test-token-0123456789',
		basic: options.basic,
		patch: options.patch ?? true,
		advertisePatch: options.advertisePatch ?? options.patch ?? true,
		patchNoContent: options.patchNoContent ?? false,
		basePath: options.basePath ?? '/scim/v2',
	};
	const store = { users: new Map(), groups: new Map() };
	const log = [];
	const faults = [];

	const app = express();
	const base = express.Router();
	base.use(express.json({ type: ['application/json', 'application/scim+json'] }));
	// Express 5 computes req.query afresh on every read, so scimmy-routers' cast of
	// startIndex/count to numbers would be lost and paging ignored: pin one parsed copy.
	base.use((req, res, next) => {
		Object.defineProperty(req, 'query', { value: { ...req.query }, writable: true, configurable: true, enumerable: true });
		next();
	});
	base.use((req, res, next) => {
		const entry = {
			method: req.method,
			path: req.path,
			query: { ...req.query },
			body: req.body && Object.keys(req.body).length ? clone(req.body) : undefined,
			contentType: req.header('content-type'),
			auth: (req.header('authorization') ?? '').split(' ')[0] || undefined,
		};
		log.push(entry);
		res.on('finish', () => {
			entry.status = res.statusCode;
		});
		next();
	});
	base.use((req, res, next) => {
		if (!settings.patchNoContent || req.method !== 'PATCH') return next();
		// scimmy-routers answers a PATCH that changed something with 200 and the resource: turn that into 204.
		const send = res.send.bind(res);
		res.send = (body) => (res.statusCode === 200 ? send.call(res.status(204)) : send(body));
		next();
	});
	base.use((req, res, next) => {
		const fault = faults.find((f) => (!f.method || f.method === req.method) && (!f.path || req.path.startsWith(f.path)));
		if (!fault) return next();
		if (--fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
		const body = fault.body ?? { schemas: [ERROR_SCHEMA], status: String(fault.status), detail: 'injected fault' };
		if (fault.afterApply) {
			// The server does the work, then the answer is lost (a gateway timing out): the client sees only the fault.
			const send = res.send.bind(res);
			res.send = () => send.call(res.status(fault.status), JSON.stringify(body));
			return next();
		}
		res.status(fault.status).type('application/scim+json').send(body);
	});
	base.use(async (req, res, next) => {
		if (settings.patch) return next();
		if (req.method === 'PATCH') {
			const status = settings.advertisePatch ? 405 : 501;
			return res.status(status).type('application/scim+json').send({ schemas: [ERROR_SCHEMA], status: String(status), detail: 'PATCH is not supported' });
		}
		if (req.method === 'GET' && req.path === '/ServiceProviderConfig' && !settings.advertisePatch) {
			try {
				authCheck(settings)(req);
			} catch {
				return next();
			}
			const config = clone(await new SCIMMY.Resources.ServiceProviderConfig().read());
			return res.type('application/scim+json').send({ ...config, patch: { supported: false } });
		}
		next();
	});
	base.use(new SCIMMYRouters({ type: settings.basic ? 'basic' : 'bearer', handler: authCheck(settings), context: () => store }));
	app.use(settings.basePath, base);

	const server = app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
	await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject));
	const url = `http://${options.urlHost ?? '127.0.0.1'}:${server.address().port}${settings.basePath}`;

	const emu = {
		url,
		token: settings.token,
		basic: settings.basic,
		log,
		/** Requests so far, optionally only those with this method and/or path prefix. */
		count(method, path) {
			return log.filter((e) => (!method || e.method === method) && (!path || e.path.startsWith(path))).length;
		},
		clearLog() {
			log.length = 0;
		},
		/** Write requests (anything but GET). */
		writes() {
			return log.filter((e) => e.method !== 'GET');
		},
		users() {
			return [...store.users.values()].map((u) => withGroups(store, u));
		},
		user(userName) {
			const found = [...store.users.values()].find((u) => u.userName === userName);
			return found ? withGroups(store, found) : undefined;
		},
		userById(id) {
			const found = store.users.get(id);
			return found ? withGroups(store, found) : undefined;
		},
		groups() {
			return [...store.groups.values()].map(clone);
		},
		group(displayName) {
			const found = [...store.groups.values()].find((g) => g.displayName === displayName);
			return found ? clone(found) : undefined;
		},
		/** Put a user in the store directly (through scimmy's schema, as a POST would). */
		seedUser(resource) {
			const data = new SCIMMY.Schemas.User(
				{ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ...(resource['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'] ? ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'] : [])], ...resource },
				'in',
			);
			return userIngress({}, data, store);
		},
		seedGroup(resource) {
			return groupIngress({}, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], ...resource }, store);
		},
		setPatch(enabled, { advertise = enabled } = {}) {
			settings.patch = enabled;
			settings.advertisePatch = advertise;
		},
		/** Answer successful PATCHes with 204 and no body (true) or 200 with the resource (false). */
		setPatchNoContent(on) {
			settings.patchNoContent = on;
		},
		injectFaults(...list) {
			for (const fault of list) faults.push({ times: 1, ...fault });
		},
		clearFaults() {
			faults.length = 0;
		},
		async close() {
			await new Promise((resolve) => server.close(resolve));
		},
	};
	for (const user of options.users ?? []) emu.seedUser(user);
	for (const group of options.groups ?? []) emu.seedGroup(group);
	return emu;
}
