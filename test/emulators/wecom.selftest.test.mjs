// Self-test of the WeCom emulator, driven directly with global fetch (no product code).
// Run: node --test test/emulators/wecom.selftest.test.mjs

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateOrg, mulberry32 } from './orgGenerator.mjs';
import { startWeComEmulator } from './wecom.mjs';

async function call(emu, method, path, { query = {}, body, rawBody } = {}) {
	const url = new URL(`/cgi-bin/${path}`, emu.url);
	for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
	const init = { method };
	if (rawBody !== undefined) init.body = rawBody;
	else if (body !== undefined) init.body = JSON.stringify(body);
	const res = await fetch(url, init);
	const text = await res.text();
	return { status: res.status, headers: res.headers, text, json: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null };
}

async function token(emu, kind = 'contacts') {
	const r = await call(emu, 'GET', 'gettoken', { query: { corpid: emu.corpId, corpsecret: emu.secrets[kind] } });
	assert.equal(r.json.errcode, 0, r.text);
	return r.json.access_token;
}

const get = (emu, path, tok, query = {}) => call(emu, 'GET', path, { query: { access_token: tok, ...query } });
const post = (emu, path, tok, body) => call(emu, 'POST', path, { query: { access_token: tok }, body });

describe('orgGenerator', () => {
	test('is deterministic and honours the documented rules', () => {
		const a = generateOrg({ users: 400, departments: 30, seed: 9, maxDepth: 4 });
		assert.deepEqual(a, generateOrg({ users: 400, departments: 30, seed: 9, maxDepth: 4 }));
		assert.notDeepEqual(a, generateOrg({ users: 400, departments: 30, seed: 10, maxDepth: 4 }));
		const byId = new Map(a.departments.map((d) => [d.id, d]));
		assert.equal(byId.size, 30);
		assert.deepEqual({ ...byId.get(1), order: 0 }, { id: 1, name: 'Acme Corp', nameEn: 'Acme Corp', parentId: 0, order: 0 });
		const depth = (d) => (d.id === 1 ? 1 : 1 + depth(byId.get(d.parentId)));
		for (const d of a.departments) {
			assert.ok(depth(d) <= 4);
			assert.ok(!/[\\:*?"<>|]/.test(d.name) && d.name.length >= 1 && [...d.name].length <= 64);
		}
		assert.equal(new Set(a.departments.map((d) => `${d.parentId}/${d.name}`)).size, 30);
		const ids = new Set(a.users.map((u) => u.userid.toLowerCase()));
		assert.equal(ids.size, 400);
		for (const u of a.users) {
			assert.match(u.userid, /^[0-9A-Za-z][0-9A-Za-z_\-@.]{0,63}$/);
			assert.ok(u.email || u.mobile, `${u.userid} has neither email nor mobile`);
			if (u.mobile) assert.match(u.mobile, /^13\d{9}$/);
			assert.ok(['0', '1', '2'].includes(u.gender));
			assert.ok([1, 2, 4, 5].includes(u.status));
			assert.ok(u.departments.includes(u.mainDepartment));
			assert.equal(u.orders.length, u.departments.length);
			assert.equal(u.isLeader.length, u.departments.length);
			assert.ok(u.directLeader.length <= 1);
			for (const d of u.departments) assert.ok(byId.has(d));
		}
		const mobiles = a.users.filter((u) => u.mobile).map((u) => u.mobile);
		assert.equal(new Set(mobiles).size, mobiles.length);
		const emails = a.users.filter((u) => u.email).map((u) => u.email);
		assert.equal(new Set(emails).size, emails.length);
		assert.ok(a.users.some((u) => u.departments.length > 1));
		assert.ok(a.users.some((u) => !/^u\d+$/.test(u.userid)));
	});

	test('mulberry32 is a seeded generator in [0, 1)', () => {
		const r1 = mulberry32(42);
		const r2 = mulberry32(42);
		for (let i = 0; i < 100; i++) {
			const x = r1();
			assert.equal(x, r2());
			assert.ok(x >= 0 && x < 1);
		}
	});
});

describe('WeCom emulator', () => {
	const org = generateOrg({ users: 120, departments: 12, seed: 3 });
	let emu;
	before(async () => {
		emu = await startWeComEmulator({ org });
	});
	after(async () => {
		await emu.close();
	});

	test('gettoken: both secrets, distinct tokens, documented errors', async () => {
		const a = await call(emu, 'GET', 'gettoken', { query: { corpid: emu.corpId, corpsecret: emu.secrets.contacts } });
		assert.equal(a.status, 200);
		assert.equal(a.json.errcode, 0);
		assert.equal(a.json.errmsg, 'ok');
		assert.equal(a.json.expires_in, 7200);
		assert.ok(a.json.access_token.length >= 32);
		const b = await token(emu, 'app');
		const c = await token(emu, 'contacts');
		assert.notEqual(a.json.access_token, b);
		assert.notEqual(a.json.access_token, c, 'each gettoken issues a new token');
		// the old token stays valid
		assert.equal((await get(emu, 'department/simplelist', a.json.access_token)).json.errcode, 0);

		const wrongSecret = await call(emu, 'GET', 'gettoken', { query: { corpid: emu.corpId, corpsecret: 'nope' } });
		assert.equal(wrongSecret.status, 200);
		assert.equal(wrongSecret.json.errcode, 40001);
		const wrongCorp = await call(emu, 'GET', 'gettoken', { query: { corpid: 'other', corpsecret: emu.secrets.app } });
		assert.equal(wrongCorp.json.errcode, 40013);
		assert.equal((await call(emu, 'GET', 'gettoken', { query: { corpsecret: 'x' } })).json.errcode, 41002);
		assert.equal((await call(emu, 'GET', 'gettoken', { query: { corpid: emu.corpId } })).json.errcode, 41004);
	});

	test('access_token must be in the query string', async () => {
		assert.equal((await call(emu, 'GET', 'user/list', { query: { department_id: 1 } })).json.errcode, 41001);
		assert.equal((await get(emu, 'user/list', 'bogus-token', { department_id: 1 })).json.errcode, 40014);
	});

	test('department/list, simplelist and get', async () => {
		const tok = await token(emu, 'app');
		const all = await get(emu, 'department/list', tok);
		assert.equal(all.json.errcode, 0);
		assert.equal(all.json.department.length, org.departments.length);
		const root = all.json.department.find((d) => d.id === 1);
		assert.deepEqual(Object.keys(root), ['id', 'name', 'name_en', 'department_leader', 'parentid', 'order']);
		assert.equal(root.parentid, 0);
		const child = org.departments.find((d) => d.parentId === 1);
		const sub = await get(emu, 'department/simplelist', tok, { id: child.id });
		assert.equal(sub.json.department_id[0].id, child.id);
		assert.ok(sub.json.department_id.every((d) => Object.keys(d).join() === 'id,parentid,order'));
		const one = await get(emu, 'department/get', tok, { id: child.id });
		assert.equal(one.json.department.name, child.name);
		assert.equal((await get(emu, 'department/get', tok, { id: 999999 })).json.errcode, 60003);
		assert.equal((await get(emu, 'department/get', tok, { id: 'abc' })).json.errcode, 40058);
		assert.equal((await get(emu, 'department/list', tok, { id: '1.5' })).json.errcode, 40058);
	});

	test('user/list returns the full members directly in the department', async () => {
		const tok = await token(emu, 'app');
		const dept = org.departments.find((d) => d.id !== 1 && org.users.some((u) => u.departments.includes(d.id)));
		const expected = org.users.filter((u) => u.departments.includes(dept.id)).map((u) => u.userid).sort();
		const r = await get(emu, 'user/list', tok, { department_id: dept.id });
		assert.equal(r.json.errcode, 0);
		assert.deepEqual(r.json.userlist.map((u) => u.userid).sort(), expected);
		for (const u of r.json.userlist) {
			const src = org.users.find((x) => x.userid === u.userid);
			assert.equal(typeof u.gender, 'string');
			assert.equal(typeof u.status, 'number');
			assert.equal(typeof u.enable, 'number');
			assert.ok('english_name' in u);
			assert.equal(u.main_department, src.mainDepartment);
			assert.deepEqual(u.department, src.departments);
			assert.equal('email' in u, Boolean(src.email), 'missing email is omitted, not ""');
			assert.equal('mobile' in u, Boolean(src.mobile));
		}
		const simple = await get(emu, 'user/simplelist', tok, { department_id: dept.id });
		assert.deepEqual(simple.json.userlist.map((u) => u.userid).sort(), expected);
		assert.equal((await get(emu, 'user/list', tok, { department_id: 424242 })).json.errcode, 60003);
		assert.equal((await get(emu, 'user/list', tok, { department_id: '1e3' })).json.errcode, 40058);
		const one = await get(emu, 'user/get', tok, { userid: expected[0] });
		assert.equal(one.json.userid, expected[0]);
		assert.ok(!('english_name' in one.json));
		assert.equal((await get(emu, 'user/get', tok, { userid: 'no-such-user' })).json.errcode, 60111);
	});

	test('user/list_id pages cover every (user, department) pair exactly once', async () => {
		const tok = await token(emu, 'contacts');
		const expected = new Set(org.users.flatMap((u) => u.departments.map((d) => `${u.userid}|${d}`)));
		const seen = new Map();
		let cursor;
		let pages = 0;
		do {
			const r = await post(emu, 'user/list_id', tok, cursor === undefined ? { limit: 17 } : { cursor, limit: 17 });
			assert.equal(r.json.errcode, 0, r.text);
			assert.ok(r.json.dept_user.length <= 17);
			for (const row of r.json.dept_user) {
				const key = `${row.userid}|${row.department}`;
				seen.set(key, (seen.get(key) ?? 0) + 1);
			}
			cursor = r.json.next_cursor;
			assert.equal(typeof cursor, 'string');
			pages++;
		} while (cursor !== '');
		assert.equal(pages, Math.ceil(expected.size / 17));
		assert.equal(seen.size, expected.size);
		for (const [k, n] of seen) {
			assert.ok(expected.has(k), k);
			assert.equal(n, 1, k);
		}
		for (const bad of [{}, { limit: 0 }, { limit: 10001 }, { limit: '10' }, { limit: 5, cursor: 'garbage' }]) {
			assert.equal((await post(emu, 'user/list_id', tok, bad)).json.errcode, 40058, JSON.stringify(bad));
		}
		const malformed = await call(emu, 'POST', 'user/list_id', { query: { access_token: tok }, rawBody: '{"limit": 5' });
		assert.equal(malformed.json.errcode, 47001);
	});

	test('user/list_id is refused to the app secret (48002)', async () => {
		const r = await post(emu, 'user/list_id', await token(emu, 'app'), { limit: 10 });
		assert.equal(r.json.errcode, 48002);
	});

	test('getuserid and get_userid_by_email', async () => {
		const tok = await token(emu, 'app');
		const withMobile = org.users.find((u) => u.mobile);
		assert.equal((await post(emu, 'user/getuserid', tok, { mobile: withMobile.mobile })).json.userid, withMobile.userid);
		assert.equal((await post(emu, 'user/getuserid', tok, { mobile: '13000000000' })).json.errcode, 46004);
		const withEmail = org.users.find((u) => u.email);
		// email_type defaults to 1 = business mailbox; personal email needs email_type 2
		assert.equal((await post(emu, 'user/get_userid_by_email', tok, { email: withEmail.email, email_type: 2 })).json.userid, withEmail.userid);
		const withBiz = org.users.find((u) => u.bizMail);
		assert.equal((await post(emu, 'user/get_userid_by_email', tok, { email: withBiz.bizMail })).json.userid, withBiz.userid);
		assert.equal((await post(emu, 'user/get_userid_by_email', tok, { email: 'nobody@example.com', email_type: 2 })).json.errcode, 46004);
	});

	test('unknown path → HTTP 404 HTML', async () => {
		const r = await call(emu, 'GET', 'user/nothing');
		assert.equal(r.status, 404);
		assert.match(r.headers.get('content-type'), /text\/html/);
	});

	test('invalidateTokens → 40014, expireTokens → 42001', async () => {
		const tok = await token(emu, 'contacts');
		emu.invalidateTokens();
		assert.equal((await get(emu, 'department/simplelist', tok)).json.errcode, 40014);
		const tok2 = await token(emu, 'contacts');
		assert.equal((await get(emu, 'department/simplelist', tok2)).json.errcode, 0);
		emu.expireTokens();
		assert.equal((await get(emu, 'department/simplelist', tok2)).json.errcode, 42001);
		assert.equal((await get(emu, 'department/simplelist', await token(emu, 'contacts'))).json.errcode, 0);
	});

	test('the log redacts access_token and corpsecret', async () => {
		emu.clearLog();
		const tok = await token(emu, 'app');
		await get(emu, 'department/simplelist', tok);
		assert.equal(emu.count(), 2);
		assert.equal(emu.count('/cgi-bin/department/simplelist'), 1);
		assert.equal(emu.count('gettoken'), 1);
		const text = JSON.stringify(emu.log);
		assert.ok(!text.includes(tok));
		assert.ok(!text.includes(emu.secrets.app));
		const [g, l] = emu.log;
		assert.equal(g.query.corpsecret, '***');
		assert.equal(g.secretKind, 'app');
		assert.equal(l.query.access_token, '***');
		assert.equal(l.path, '/cgi-bin/department/simplelist');
		assert.equal(l.errcode, 0);
		assert.equal(l.status, 200);
		assert.equal(l.secretKind, 'app');
	});
});

describe('WeCom emulator rights and options', () => {
	test('appCreatedAfter2022 omits sensitive fields for the app secret only', async () => {
		const org = generateOrg({ users: 40, departments: 4, seed: 5 });
		const emu = await startWeComEmulator({ org, appCreatedAfter2022: true });
		try {
			const sensitive = ['avatar', 'thumb_avatar', 'gender', 'mobile', 'email', 'biz_mail', 'qr_code', 'address'];
			const app = await get(emu, 'user/list', await token(emu, 'app'), { department_id: org.users[0].departments[0] });
			assert.ok(app.json.userlist.length > 0);
			for (const u of app.json.userlist) for (const f of sensitive) assert.ok(!(f in u), f);
			const one = await get(emu, 'user/get', await token(emu, 'app'), { userid: org.users[0].userid });
			for (const f of sensitive) assert.ok(!(f in one.json), f);
			const contacts = await get(emu, 'user/get', await token(emu, 'contacts'), { userid: org.users[0].userid });
			assert.equal(typeof contacts.json.gender, 'string');
			assert.ok('avatar' in contacts.json);
		} finally {
			await emu.close();
		}
	});

	test('newIp blocks detailed reads of the contacts secret (48009); appScope → 60011; trustedIps → 60020', async () => {
		const org = generateOrg({ users: 60, departments: 10, seed: 2 });
		const scoped = org.departments.find((d) => d.parentId === 1);
		const emu = await startWeComEmulator({ org, newIp: true, appScope: [scoped.id] });
		try {
			const c = await token(emu, 'contacts');
			for (const [path, q] of [
				['user/get', { userid: org.users[0].userid }],
				['user/list', { department_id: 1 }],
				['department/list', {}],
				['department/get', { id: 1 }],
			]) {
				assert.equal((await get(emu, path, c, q)).json.errcode, 48009, path);
			}
			assert.equal((await get(emu, 'department/simplelist', c)).json.department_id.length, org.departments.length);
			assert.equal((await post(emu, 'user/list_id', c, { limit: 10 })).json.errcode, 0);

			const a = await token(emu, 'app');
			const visible = (await get(emu, 'department/simplelist', a)).json.department_id.map((d) => d.id);
			assert.equal(visible[0], scoped.id);
			assert.ok(!visible.includes(1));
			assert.equal((await get(emu, 'department/get', a, { id: 1 })).json.errcode, 60011);
			assert.equal((await get(emu, 'user/list', a, { department_id: 1 })).json.errcode, 60011);
			const outside = org.users.find((u) => !u.departments.some((d) => visible.includes(d)));
			assert.equal((await get(emu, 'user/get', a, { userid: outside.userid })).json.errcode, 60011);

			emu.setOption('trustedIps', false);
			assert.equal((await get(emu, 'department/simplelist', a)).json.errcode, 60020);
			assert.equal((await call(emu, 'GET', 'gettoken', { query: { corpid: emu.corpId, corpsecret: emu.secrets.app } })).json.errcode, 0);
			emu.setOption('trustedIps', true);
			emu.setOption('newIp', false);
			assert.equal((await get(emu, 'user/list', c, { department_id: 1 })).json.errcode, 0);
		} finally {
			await emu.close();
		}
	});

	test('45009 once the per-API rate limit is exceeded, for the rest of the window', async () => {
		const emu = await startWeComEmulator({ rateLimitPerMinute: 3, rateWindowMs: 300 });
		try {
			const tok = await token(emu);
			const codes = [];
			for (let i = 0; i < 5; i++) codes.push((await get(emu, 'department/simplelist', tok)).json.errcode);
			assert.deepEqual(codes, [0, 0, 0, 45009, 45009]);
			assert.equal((await get(emu, 'user/simplelist', tok, { department_id: 1 })).json.errcode, 0, 'other APIs unaffected');
			const r = await get(emu, 'department/simplelist', tok);
			assert.equal(r.json.errcode, 45009);
			assert.match(r.json.errmsg, /^api freq out of limit/);
			await new Promise((res) => setTimeout(res, 350));
			assert.equal((await get(emu, 'department/simplelist', tok)).json.errcode, 0);
		} finally {
			await emu.close();
		}
	});

	test('45033 above the concurrency cap', async () => {
		const emu = await startWeComEmulator({ concurrencyCap: 2, latencyMs: 100 });
		try {
			const tok = await token(emu);
			const codes = await Promise.all(Array.from({ length: 4 }, () => get(emu, 'department/simplelist', tok).then((r) => r.json.errcode)));
			assert.deepEqual(codes.sort(), [0, 0, 45033, 45033]);
		} finally {
			await emu.close();
		}
	});

	test('injected faults: 502, reset, -1, timeout, expire, slow', async () => {
		const emu = await startWeComEmulator();
		try {
			const tok = await token(emu);
			emu.injectFaults({ kind: '502', count: 1 });
			const bad = await get(emu, 'department/simplelist', tok);
			assert.equal(bad.status, 502);
			assert.match(bad.headers.get('content-type'), /text\/html/);
			assert.match(bad.text, /502 Bad Gateway/);
			assert.equal((await get(emu, 'department/simplelist', tok)).json.errcode, 0, 'count: 1 → only once');

			emu.injectFaults({ kind: 'reset', count: 1 });
			await assert.rejects(get(emu, 'department/simplelist', tok));
			assert.equal((await get(emu, 'department/simplelist', tok)).json.errcode, 0);

			emu.injectFaults({ kind: '-1', count: 2, paths: ['user/simplelist'] });
			assert.equal((await get(emu, 'department/simplelist', tok)).json.errcode, 0, 'other paths unaffected');
			assert.equal((await get(emu, 'user/simplelist', tok, { department_id: 1 })).json.errcode, -1);
			assert.equal((await get(emu, 'user/simplelist', tok, { department_id: 1 })).json.errcode, -1);
			assert.equal((await get(emu, 'user/simplelist', tok, { department_id: 1 })).json.errcode, 0);
			assert.equal((await token(emu)).length >= 32, true, 'gettoken is not faulted by default');

			emu.injectFaults({ kind: 'timeout', count: 1 });
			await assert.rejects(
				fetch(`${emu.url}/cgi-bin/department/simplelist?access_token=${tok}`, { signal: AbortSignal.timeout(150) }),
				/TimeoutError|aborted/i,
			);

			emu.injectFaults({ kind: 'expire', count: 1 });
			assert.equal((await get(emu, 'department/simplelist', tok)).json.errcode, 42001);
			assert.equal((await get(emu, 'department/simplelist', tok)).json.errcode, 42001, 'the token stays expired');
			const fresh = await token(emu);
			assert.equal((await get(emu, 'department/simplelist', fresh)).json.errcode, 0);

			emu.injectFaults({ kind: 'slow', count: 1, slowMs: 120 });
			const t0 = Date.now();
			assert.equal((await get(emu, 'department/simplelist', fresh)).json.errcode, 0);
			assert.ok(Date.now() - t0 >= 100);

			// rate < 1 is deterministic for a given seed
			emu.clearFaults();
			const pattern = async () => {
				emu.clearFaults();
				emu.injectFaults({ kind: '45033', rate: 0.5, seed: 7 });
				const out = [];
				for (let i = 0; i < 12; i++) out.push((await get(emu, 'department/simplelist', fresh)).json.errcode);
				return out.join();
			};
			const p1 = await pattern();
			assert.equal(await pattern(), p1);
			assert.ok(p1.includes('45033') && p1.includes('0'));
			emu.clearFaults();
			assert.ok(emu.log.some((e) => e.fault === 'reset'));
		} finally {
			await emu.close();
		}
	});

	test('a 20k-member org answers user/list from its index', async () => {
		const org = generateOrg({ users: 20000, departments: 400, seed: 11 });
		const emu = await startWeComEmulator({ org });
		try {
			const tok = await token(emu, 'app');
			const dept = org.users[500].departments[0];
			const expected = org.users.filter((u) => u.departments.includes(dept)).length;
			const r = await get(emu, 'user/list', tok, { department_id: dept });
			assert.equal(r.json.userlist.length, expected);
			const page = await post(emu, 'user/list_id', await token(emu, 'contacts'), { limit: 10000 });
			assert.equal(page.json.dept_user.length, 10000);
			assert.notEqual(page.json.next_cursor, '');
		} finally {
			await emu.close();
		}
	});
});

describe('WeCom emulator: member writes', () => {
	const org = generateOrg({ users: 60, departments: 8, seed: 21 });
	let emu;
	let tok;
	before(async () => {
		emu = await startWeComEmulator({ org });
		tok = await token(emu, 'contacts');
	});
	after(async () => {
		await emu.close();
	});
	const dept = () => org.departments.find((d) => d.parentId === 1).id;
	const create = (body) => post(emu, 'user/create', tok, body).then((r) => r.json);
	const code = (body) => create(body).then((j) => j.errcode);

	test('only the contacts-sync secret may write (48002); read-only contacts sync → 60011', async () => {
		const body = { userid: 'w-app', name: 'A', mobile: '13900000001' };
		assert.equal((await post(emu, 'user/create', await token(emu, 'app'), body)).json.errcode, 48002);
		assert.equal((await post(emu, 'department/create', await token(emu, 'app'), { name: 'X', parentid: 1 })).json.errcode, 48002);
		emu.setOption('contactsEditing', false);
		try {
			assert.equal(await code(body), 60011);
		} finally {
			emu.setOption('contactsEditing', true);
		}
		assert.ok(!emu.state.users.has('w-app'));
	});

	test('user/create stores every field; the member starts not activated', async () => {
		const d = dept();
		const r = await create({
			userid: 'w.full', name: '张三', alias: 'Sam', mobile: '+86 13900000002', department: [d], order: [5],
			is_leader_in_dept: [1], main_department: d, direct_leader: [org.users[0].userid], position: 'PM', gender: '2',
			email: 'w.full@example.com', biz_mail: 'w.full@biz.example.com', telephone: '010-1234,5', avatar_mediaid: 'MID1',
			address: 'Shenzhen', enable: 0, to_invite: false, extattr: { attrs: [{ type: 0, name: '工号', text: { value: 'E1' } }, { type: 0, name: 'undefined-attr', text: { value: 'x' } }] },
			external_profile: { external_corp_name: 'Acme' }, external_position: 'Lead',
		});
		assert.deepEqual(r.errcode, 0, JSON.stringify(r));
		assert.equal(r.errmsg, 'created');
		assert.ok(!('created_department_list' in r));
		const u = (await get(emu, 'user/get', tok, { userid: 'w.full' })).json;
		assert.equal(u.mobile, '13900000002', '+86 is optional for mainland numbers');
		assert.deepEqual([u.department, u.order, u.is_leader_in_dept, u.main_department], [[d], [5], [1], d]);
		assert.deepEqual(u.direct_leader, [org.users[0].userid]);
		assert.equal(u.status, 4);
		assert.equal(u.enable, 0);
		assert.equal(u.gender, '2');
		assert.equal(u.biz_mail, 'w.full@biz.example.com');
		assert.equal(u.telephone, '010-1234,5');
		assert.deepEqual(u.extattr.attrs.map((a) => a.name), ['工号'], 'undefined attributes are dropped without error');
		assert.equal(u.external_position, 'Lead');
		assert.equal(emu.state.users.get('w.full').invited, false);
	});

	test('unknown departments are created under 待设置部门 and reported; no department → 待设置部门', async () => {
		const r = await create({ userid: 'w-auto', name: 'B', email: 'w-auto@example.com', department: [dept(), 777001] });
		assert.equal(r.errcode, 0);
		assert.deepEqual(r.created_department_list, { department_info: [{ name: '777001', id: 777001 }] });
		const pending = [...emu.state.departments.values()].find((d) => d.name === '待设置部门');
		assert.equal(pending.parentId, 1);
		assert.equal(emu.state.departments.get(777001).parentId, pending.id);
		const none = await create({ userid: 'w-none', name: 'C', email: 'w-none@example.com' });
		assert.equal(none.errcode, 0);
		assert.ok(!('created_department_list' in none));
		assert.deepEqual(emu.state.users.get('w-none').departments, [pending.id]);
		assert.equal((await create({ userid: 'w-zero', name: 'C', email: 'w-zero@example.com', department: [0] })).errcode, 0);
		assert.deepEqual(emu.state.users.get('w-zero').departments, [pending.id]);
	});

	test('user/create field rules and their errcodes', async () => {
		const ok = { userid: 'w-rule', name: 'R', mobile: '13900000009' };
		const cases = [
			[{ ...ok, userid: undefined }, 41009],
			[{ ...ok, userid: '-dash' }, 40003],
			[{ ...ok, userid: 'has space' }, 40003],
			[{ ...ok, userid: 'a'.repeat(65) }, 40058],
			[{ ...ok, name: '' }, 60112],
			[{ ...ok, name: 'n'.repeat(65) }, 60112],
			[{ ...ok, mobile: undefined }, 60129],
			[{ ...ok, mobile: '', email: '' }, 60129],
			[{ ...ok, mobile: '139abc' }, 60103],
			[{ ...ok, email: 'a@b.c' }, 60105],
			[{ ...ok, biz_mail: 'nope' }, 60143],
			[{ ...ok, department: '1,2' }, 41019],
			[{ ...ok, department: ['1'] }, 41019],
			[{ ...ok, department: Array.from({ length: 101 }, (_, i) => i + 2) }, 60110],
			[{ ...ok, department: [1, 2], order: [1] }, 60132],
			[{ ...ok, department: [1], is_leader_in_dept: [1, 0] }, 60132],
			[{ ...ok, department: [1], main_department: 2 }, 40058],
			[{ ...ok, direct_leader: ['a', 'b'] }, 60257],
			[{ ...ok, position: 'p'.repeat(129) }, 301012],
			[{ ...ok, telephone: 'call me' }, 301013],
			[{ ...ok, telephone: '1'.repeat(33) }, 301013],
			[{ ...ok, alias: 'a'.repeat(65) }, 40058],
			[{ ...ok, address: 'a'.repeat(129) }, 40058],
			[{ ...ok, gender: 1 }, 40058],
			[{ ...ok, enable: true }, 40058],
			[{ ...ok, extattr: { attrs: [{ type: 9, name: 'x' }] } }, 40058],
			[{ ...ok, external_position: '1234567890123' }, 40058],
			[{ ...ok, avatar_mediaid: '' }, 301015],
		];
		for (const [body, expected] of cases) assert.equal(await code(body), expected, JSON.stringify(body).slice(0, 120));
		assert.ok(!emu.state.users.has('w-rule'), 'no refused call created anything');
	});

	test('uniqueness: userid ignoring case (60102), mobile (60104), email (60106), business mail (60145)', async () => {
		const taken = org.users.find((u) => u.mobile && u.email && u.bizMail) ?? org.users.find((u) => u.mobile && u.email);
		assert.equal(await code({ userid: taken.userid.toUpperCase(), name: 'X', mobile: '13900000010' }), 60102);
		assert.equal(await code({ userid: 'w-u1', name: 'X', mobile: taken.mobile }), 60104);
		assert.equal(await code({ userid: 'w-u2', name: 'X', email: taken.email.toUpperCase() }), 60106);
		if (taken.bizMail) assert.equal(await code({ userid: 'w-u3', name: 'X', email: 'w-u3@example.com', biz_mail: taken.bizMail }), 60145);
	});

	test('seat limit: 45024 once the corp is full', async () => {
		emu.setOption('seatLimit', emu.state.users.size);
		try {
			assert.equal(await code({ userid: 'w-seat', name: 'S', email: 'w-seat@example.com' }), 45024);
		} finally {
			emu.setOption('seatLimit', null);
		}
	});

	test('user/update changes only the fields sent; mobile is ignored once the member has activated', async () => {
		const active = org.users.find((u) => u.status === 1 && u.mobile && u.email);
		const before = (await get(emu, 'user/get', tok, { userid: active.userid })).json;
		const r = await post(emu, 'user/update', tok, { userid: active.userid, position: 'New Role', mobile: '13900000020' });
		assert.equal(r.json.errcode, 0);
		assert.equal(r.json.errmsg, 'updated');
		const after = (await get(emu, 'user/get', tok, { userid: active.userid })).json;
		assert.equal(after.position, 'New Role');
		assert.equal(after.mobile, before.mobile, 'mobile ignored without error');
		for (const key of ['name', 'email', 'department', 'order', 'alias', 'enable']) assert.deepEqual(after[key], before[key], key);

		assert.equal((await post(emu, 'user/update', tok, { userid: 'w-none', mobile: '13900000021' })).json.errcode, 0);
		assert.equal(emu.state.users.get('w-none').mobile, '13900000021', 'a member not yet activated can change mobile');
		assert.equal(emu.state.byMobile.get('13900000021'), 'w-none');

		const d = org.departments.filter((x) => x.id !== 1).map((x) => x.id);
		assert.equal((await post(emu, 'user/update', tok, { userid: 'w-none', department: [d[0], d[1]], order: [1, 2], is_leader_in_dept: [0, 1] })).json.errcode, 0);
		assert.deepEqual(emu.state.users.get('w-none').departments, [d[0], d[1]]);
		assert.ok(emu.state.members.get(d[1]).has('w-none'));
		// An unknown department is created under 待设置部门, as on create; the answer lists nothing (D90197).
		const auto = (await post(emu, 'user/update', tok, { userid: 'w-none', department: [d[0], 919191] })).json;
		assert.deepEqual(auto, { errcode: 0, errmsg: 'updated' });
		const pending = [...emu.state.departments.values()].find((x) => x.name === '待设置部门');
		assert.equal(emu.state.departments.get(919191).parentId, pending.id);
		assert.deepEqual(emu.state.users.get('w-none').departments, [d[0], 919191]);
		assert.equal((await post(emu, 'user/update', tok, { userid: 'w-none', department: [929292], order: [1, 2] })).json.errcode, 60132);
		assert.ok(!emu.state.departments.has(929292), 'a refused update creates no department');
		assert.equal((await post(emu, 'user/update', tok, { userid: 'w-none', department: [d[0], d[1]] })).json.errcode, 0);
		const codes = [
			[{ userid: 'nobody-x', name: 'N' }, 60111],
			[{ userid: 'w-none', order: [1, 2, 3] }, 60132],
			[{ userid: 'w-none', mobile: active.mobile }, 60104],
			[{ userid: 'w-none', new_userid: 'other' }, 301036],
			[{ userid: 'w-none', name: '' }, 60112],
		];
		for (const [body, expected] of codes) assert.equal((await post(emu, 'user/update', tok, body)).json.errcode, expected, JSON.stringify(body));
	});

	test('user/delete and user/batchdelete (≤ 200, all or nothing)', async () => {
		for (const id of ['w-d1', 'w-d2', 'w-d3']) assert.equal(await code({ userid: id, name: 'D', email: `${id}@example.com` }), 0);
		assert.equal((await get(emu, 'user/delete', tok, { userid: 'w-d1' })).json.errmsg, 'deleted');
		assert.ok(!emu.state.users.has('w-d1'));
		assert.equal((await get(emu, 'user/delete', tok, { userid: 'w-d1' })).json.errcode, 60111);
		assert.equal((await get(emu, 'user/delete', tok)).json.errcode, 41009);
		assert.equal((await post(emu, 'user/batchdelete', tok, { useridlist: ['w-d2', 'w-d1'] })).json.errcode, 60111);
		assert.ok(emu.state.users.has('w-d2'), 'nothing deleted when one userid is unknown');
		assert.equal((await post(emu, 'user/batchdelete', tok, { useridlist: Array.from({ length: 201 }, (_, i) => `x${i}`) })).json.errcode, 40032);
		assert.equal((await post(emu, 'user/batchdelete', tok, { useridlist: [] })).json.errcode, 40058);
		assert.equal((await post(emu, 'user/batchdelete', tok, { useridlist: ['w-d2', 'w-d3'] })).json.errcode, 0);
		assert.ok(!emu.state.users.has('w-d2') && !emu.state.users.has('w-d3'));
		assert.ok(!emu.state.byUserIdLower.has('w-d2'));
	});
});

describe('WeCom emulator: department writes, invitations, messages', () => {
	const org = generateOrg({ users: 40, departments: 6, seed: 22 });
	let emu;
	let tok;
	before(async () => {
		emu = await startWeComEmulator({ org, appScope: [1] });
		tok = await token(emu, 'contacts');
	});
	after(async () => {
		await emu.close();
	});
	const code = (path, body) => post(emu, path, tok, body).then((r) => r.json.errcode);

	test('department/create: name rules, parent, id, siblings, depth', async () => {
		const r = await post(emu, 'department/create', tok, { name: 'Write Team', name_en: 'Write Team', parentid: 1, order: 5 });
		assert.equal(r.json.errcode, 0);
		assert.equal(r.json.errmsg, 'created');
		const id = r.json.id;
		assert.ok(Number.isInteger(id) && id > 1);
		assert.deepEqual((await get(emu, 'department/get', tok, { id })).json.department.name, 'Write Team');
		assert.equal((await post(emu, 'department/create', tok, { name: 'Fixed', parentid: id, id: 555000 })).json.id, 555000);
		const cases = [
			[{ parentid: 1 }, 60001],
			[{ name: '', parentid: 1 }, 60001],
			[{ name: 'x'.repeat(65), parentid: 1 }, 60001],
			[{ name: 42, parentid: 1 }, 60125],
			...[...'\\:*?"<>|'].map((ch) => [{ name: `bad${ch}name`, parentid: 1 }, 60009]),
			[{ name: 'ok', name_en: 'bad|en', parentid: 1 }, 60009],
			[{ name: 'ok' }, 60004],
			[{ name: 'ok', parentid: 987654 }, 60004],
			[{ name: 'ok', parentid: '1' }, 60124],
			[{ name: 'ok', parentid: 1, id: 1 }, 60123],
			[{ name: 'ok', parentid: 1, id: 555000 }, 60008],
			[{ name: 'Write Team', parentid: 1 }, 60008],
			[{ name: 'ok', parentid: 1, order: -1 }, 40058],
		];
		for (const [body, expected] of cases) assert.equal(await code('department/create', body), expected, JSON.stringify(body));
		let parent = 555000;
		const depth = (d) => (d === 1 ? 1 : 1 + depth(emu.state.departments.get(d).parentId));
		while (depth(parent) < 15) parent = (await post(emu, 'department/create', tok, { name: `L${depth(parent)}`, parentid: parent })).json.id;
		assert.equal(await code('department/create', { name: 'too deep', parentid: parent }), 81002);
	});

	test('department/update: only sent fields, moves, cycles, root', async () => {
		const a = (await post(emu, 'department/create', tok, { name: 'Upd A', parentid: 1, order: 3 })).json.id;
		const b = (await post(emu, 'department/create', tok, { name: 'Upd B', parentid: a })).json.id;
		assert.equal(await code('department/update', { id: a, name: 'Upd A2' }), 0);
		assert.deepEqual({ ...emu.state.departments.get(a) }, { id: a, name: 'Upd A2', parentId: 1, order: 3 });
		const other = org.departments.find((d) => d.parentId === 1);
		assert.equal(await code('department/update', { id: b, parentid: other.id }), 0);
		assert.ok(emu.state.children.get(other.id).includes(b) && !emu.state.children.get(a).includes(b));
		const cases = [
			[{ name: 'x' }, 60003],
			[{ id: 424242, name: 'x' }, 60003],
			[{ id: 'a' }, 60123],
			[{ id: a, name: 'bad*' }, 60009],
			[{ id: a, parentid: 939393 }, 60004],
			[{ id: other.id, parentid: b }, 60010],
			[{ id: 1, parentid: a }, 60007],
			[{ id: b, name: 'Sibling' }, 60008],
			[{ id: a, order: 2 ** 32 }, 40058],
		];
		assert.equal(await code('department/create', { name: 'Sibling', parentid: other.id }), 0);
		for (const [body, expected] of cases) assert.equal(await code('department/update', body), expected, JSON.stringify(body));
	});

	test('department/delete: root 60007, unknown 60003, members 60005, children 60006', async () => {
		const withMembers = org.users[0].departments[0];
		const parent = org.departments.find((d) => d.id !== 1 && org.departments.some((c) => c.parentId === d.id));
		const del = (id) => get(emu, 'department/delete', tok, id === undefined ? {} : { id }).then((r) => r.json.errcode);
		assert.equal(await del(1), 60007);
		assert.equal(await del(868686), 60003);
		assert.equal(await del(), 60003);
		assert.equal(await del('x'), 60123);
		if (withMembers !== 1) assert.equal(await del(withMembers), 60005);
		if (parent && !emu.state.members.get(parent.id)?.size) assert.equal(await del(parent.id), 60006);
		const empty = (await post(emu, 'department/create', tok, { name: 'Empty', parentid: 1 })).json.id;
		assert.equal(await del(empty), 0);
		assert.ok(!emu.state.departments.has(empty));
		assert.equal((await get(emu, 'department/delete', await token(emu, 'app'), { id: 2 })).json.errcode, 48002);
	});

	test('batch/invite: partial success is errcode 0 with the invalid ones listed', async () => {
		const app = await token(emu, 'app');
		const u = org.users[1].userid;
		const r = await post(emu, 'batch/invite', app, { user: [u, 'ghost'], party: [org.departments[1].id, 949494], tag: [1, 99] });
		assert.equal(r.json.errcode, 0);
		assert.deepEqual([r.json.invaliduser, r.json.invalidparty, r.json.invalidtag], [['ghost'], [949494], [99]]);
		assert.deepEqual(emu.invitations.at(-1), { user: [u], party: [org.departments[1].id], tag: [1] });
		const clean = await post(emu, 'batch/invite', tok, { user: [u] });
		assert.equal(clean.json.errcode, 0);
		assert.ok(!('invaliduser' in clean.json), 'absent when nothing is invalid');
		assert.equal((await post(emu, 'batch/invite', app, {})).json.errcode, 82001);
		assert.equal((await post(emu, 'batch/invite', app, { user: Array.from({ length: 1001 }, (_, i) => `u${i}`) })).json.errcode, 40058);
		assert.equal((await post(emu, 'batch/invite', app, { party: ['2'] })).json.errcode, 40058);
	});

	test('message/send: app secret and its own agentid; recipients and content rules', async () => {
		const app = await token(emu, 'app');
		const u = org.users[2].userid;
		const base = { agentid: 1000002, msgtype: 'text', text: { content: '欢迎 Welcome' } };
		const r = await post(emu, 'message/send', app, { ...base, touser: `${u}|ghost`, toparty: '949494', totag: '1' });
		assert.equal(r.json.errcode, 0);
		assert.equal(r.json.invaliduser, 'ghost');
		assert.equal(r.json.invalidparty, '949494');
		assert.equal(r.json.invalidtag, '');
		assert.ok(r.json.msgid);
		assert.deepEqual(emu.messages.at(-1), { msgid: r.json.msgid, agentid: 1000002, msgtype: 'text', touser: [u], toparty: [], totag: [1], content: '欢迎 Welcome' });
		const send = (body, t = app) => post(emu, 'message/send', t, body).then((x) => x.json.errcode);
		assert.equal(await send({ ...base, touser: u }, tok), 48002);
		assert.equal(await send({ ...base, agentid: undefined, touser: u }), 41011);
		assert.equal(await send({ ...base, agentid: '1000002', touser: u }), 40056);
		assert.equal(await send({ ...base, agentid: 1000003, touser: u }), 301002);
		assert.equal(await send({ ...base }), 82001);
		assert.equal(await send({ ...base, touser: 'ghost|ghost2' }), 81013);
		assert.equal(await send({ ...base, touser: Array.from({ length: 1001 }, (_, i) => `u${i}`).join('|') }), 40032);
		assert.equal(await send({ ...base, toparty: Array.from({ length: 101 }, (_, i) => i + 2).join('|') }), 82002);
		assert.equal(await send({ ...base, totag: Array.from({ length: 101 }, (_, i) => i + 1).join('|') }), 82003);
		assert.equal(await send({ ...base, touser: [u] }), 40058);
		assert.equal(await send({ ...base, touser: u, text: { content: '' } }), 44004);
		assert.equal(await send({ ...base, touser: u, text: { content: 'x'.repeat(2049) } }), 45002);
		assert.equal(await send({ ...base, touser: u, msgtype: 'image' }), 40008);
		assert.equal(await send({ agentid: 1000002, touser: u, msgtype: 'markdown', markdown: { content: '**hi**' } }), 0);
		const card = { agentid: 1000002, touser: u, msgtype: 'textcard', textcard: { title: 'T', description: 'D', url: 'https://example.com', btntxt: '详情' } };
		assert.equal(await send(card), 0);
		assert.equal(await send({ ...card, textcard: { ...card.textcard, title: undefined } }), 41016);
		assert.equal(await send({ ...card, textcard: { ...card.textcard, description: '' } }), 41033);
		assert.equal(await send({ ...card, textcard: { ...card.textcard, url: undefined } }), 41010);
		assert.equal(await send({ ...card, textcard: { ...card.textcard, url: 'example.com' } }), 45034);
		assert.equal(await send({ ...card, textcard: { ...card.textcard, btntxt: '12345' } }), 40058);
		assert.equal(await send({ ...base, touser: '@all' }), 0);
		assert.deepEqual(emu.messages.at(-1).touser, ['@all']);
	});
});
