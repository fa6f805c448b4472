// Self-test of the DingTalk emulator, driven directly with global fetch (no product code):
// the emulator is the other half of every DingTalk test, so its fidelity to the reference
// is checked on its own.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startDingTalkEmulator } from './dingtalk.mjs';
import { generateOrg } from './orgGenerator.mjs';

async function raw(emu, method, path, { query = {}, body, rawBody } = {}) {
	const url = new URL(path, emu.url);
	for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
	const init = { method };
	if (rawBody !== undefined) init.body = rawBody;
	else if (body !== undefined) init.body = JSON.stringify(body);
	const res = await fetch(url, init);
	const text = await res.text();
	let json = null;
	try {
		json = JSON.parse(text);
	} catch {
		// a page, not JSON
	}
	return { status: res.status, type: res.headers.get('content-type'), text, json };
}

const gettoken = (emu, appkey = emu.appKey, appsecret = emu.appSecret) => raw(emu, 'GET', '/gettoken', { query: { appkey, appsecret } });

async function token(emu) {
	const r = await gettoken(emu);
	assert.equal(r.json.errcode, 0, r.text);
	return r.json.access_token;
}

const top = async (emu, path, body, tok) => (await raw(emu, 'POST', `/topapi/${path}`, { query: { access_token: tok ?? (await token(emu)) }, body })).json;

describe('DingTalk emulator', () => {
	const org = generateOrg({ users: 600, departments: 6, seed: 5 });
	let emu;
	let tok;
	before(async () => {
		emu = await startDingTalkEmulator({ org, qps: 1000 });
		tok = await token(emu);
	});
	after(async () => emu.close());

	test('gettoken: query string only, the same token while valid, documented errors', async () => {
		const a = await gettoken(emu);
		assert.deepEqual(Object.keys(a.json).sort(), ['access_token', 'errcode', 'errmsg', 'expires_in']);
		assert.equal(a.json.expires_in, 7200);
		assert.equal(a.json.access_token, tok, 'asking again while valid returns the same token');
		const form = await raw(emu, 'POST', '/gettoken', { rawBody: `appkey=${emu.appKey}&appsecret=${emu.appSecret}` });
		assert.equal(form.json.errcode, 40035, 'a form body is not read');
		assert.equal((await gettoken(emu, 'other-key')).json.errcode, 40096);
		assert.equal((await gettoken(emu, emu.appKey, 'wrong-secret')).json.errcode, 40089);
	});

	test('the token is read from the query string only; bad tokens get 88 with a string sub_code', async () => {
		const header = await fetch(`${emu.url}/topapi/user/count`, {
			method: 'POST',
			headers: { 'x-acs-dingtalk-access-token': tok },
			body: JSON.stringify({ only_active: false }),
		}).then((r) => r.json());
		assert.equal(header.errcode, 88);
		assert.equal(header.sub_code, '40000');
		const bad = await top(emu, 'user/count', { only_active: false }, 'not-a-token');
		assert.deepEqual([bad.errcode, bad.sub_code, typeof bad.sub_code], [88, '40014', 'string']);
		assert.match(bad.errmsg, /subcode=40014/);
	});

	test('invalidateTokens / expireTokens: 88/40014, and gettoken then issues a new token', async () => {
		const own = await startDingTalkEmulator({ org: generateOrg({ users: 5, departments: 2 }) });
		try {
			const first = await token(own);
			own.expireTokens();
			assert.equal((await top(own, 'user/count', { only_active: true }, first)).sub_code, '40014');
			const second = await token(own);
			assert.notEqual(second, first);
			own.invalidateTokens();
			assert.equal((await top(own, 'user/count', { only_active: true }, second)).sub_code, '40014');
			assert.equal((await top(own, 'user/count', { only_active: true })).errcode, 0);
		} finally {
			await own.close();
		}
	});

	test('listsub returns direct children only; listsubid and get agree', async () => {
		const expected = org.departments.filter((d) => d.parentId === 1).map((d) => d.id).sort((a, b) => a - b);
		const r = await top(emu, 'v2/department/listsub', { dept_id: 1 }, tok);
		assert.deepEqual(r.result.map((d) => d.dept_id).sort((a, b) => a - b), expected);
		for (const d of r.result) assert.deepEqual(Object.keys(d), ['dept_id', 'name', 'parent_id', 'create_dept_group', 'auto_add_user']);
		const ids = await top(emu, 'v2/department/listsubid', { dept_id: 1 }, tok);
		assert.deepEqual([...ids.result.dept_id_list].sort((a, b) => a - b), expected);
		const root = (await top(emu, 'v2/department/get', { dept_id: 1 }, tok)).result;
		assert.equal(root.parent_id, undefined, 'the root has no parent_id');
		assert.equal(root.member_count, org.users.length, 'member_count includes sub-departments');
		assert.equal(root.owning_member_count, org.users.filter((u) => u.departments.includes(1)).length);
		const child = org.departments.find((d) => d.parentId === 1);
		const en = (await top(emu, 'v2/department/get', { dept_id: child.id, language: 'en_US' }, tok)).result;
		assert.equal(en.name, child.nameEn);
		assert.equal((await top(emu, 'v2/department/get', { dept_id: 987654 }, tok)).errcode, 60003);
		assert.equal((await top(emu, 'v2/department/get', { dept_id: '1' }, tok)).errcode, 40035, 'dept_id is a number');
	});

	test('v2/user/list: one department only, cursor paging, size at most 100', async () => {
		const counts = new Map();
		for (const u of org.users) for (const d of u.departments) counts.set(d, (counts.get(d) ?? 0) + 1);
		const [deptId, size] = [...counts].sort((a, b) => b[1] - a[1])[0];
		assert.ok(size > 100);
		const seen = [];
		let cursor = 0;
		let pages = 0;
		for (;;) {
			const r = await top(emu, 'v2/user/list', { dept_id: deptId, cursor, size: 100 }, tok);
			assert.equal(r.errcode, 0);
			pages++;
			seen.push(...r.result.list.map((u) => u.userid));
			if (!r.result.has_more) {
				assert.equal(r.result.next_cursor, undefined);
				break;
			}
			cursor = r.result.next_cursor;
		}
		assert.equal(pages, Math.ceil(size / 100));
		assert.deepEqual(seen.sort(), org.users.filter((u) => u.departments.includes(deptId)).map((u) => u.userid).sort());
		const first = (await top(emu, 'v2/user/list', { dept_id: deptId, cursor: 0, size: 1 }, tok)).result.list[0];
		for (const k of ['userid', 'unionid', 'name', 'dept_id_list', 'dept_order', 'leader', 'active', 'hired_date']) assert.ok(k in first, k);
		assert.equal(typeof first.hired_date, 'number');
		assert.equal((await top(emu, 'v2/user/list', { dept_id: deptId, cursor: 0, size: 101 }, tok)).errcode, 40069);
		assert.equal((await top(emu, 'v2/user/list', { dept_id: deptId, cursor: 0, size: '10' }, tok)).errcode, 40069);
		assert.equal((await top(emu, 'v2/user/list', { dept_id: deptId, cursor: -1, size: 10 }, tok)).errcode, 40068);
		assert.equal((await top(emu, 'v2/user/list', { dept_id: deptId, size: 10 }, tok)).errcode, 40035);
		const simple = (await top(emu, 'user/listsimple', { dept_id: deptId, cursor: 0, size: 3 }, tok)).result.list;
		assert.deepEqual(Object.keys(simple[0]), ['userid', 'name']);
		const ids = (await top(emu, 'user/listid', { dept_id: deptId }, tok)).result.userid_list;
		assert.equal(ids.length, size, 'listid: every id, no paging');
	});

	test('v2/user/get: details without dept_order/leader; 60121 when absent; permissions gate fields', async () => {
		const u = org.users.find((x) => x.departments.length > 1);
		const r = (await top(emu, 'v2/user/get', { userid: u.userid }, tok)).result;
		assert.equal(r.dept_order, undefined);
		assert.equal(r.leader, undefined);
		assert.deepEqual(r.leader_in_dept.map((e) => e.dept_id), u.departments);
		assert.deepEqual(r.dept_order_list.map((e) => e.order), u.orders);
		assert.equal((await top(emu, 'v2/user/get', { userid: 'nobody' }, tok)).errcode, 60121);
		emu.setOption('phonePermission', false);
		try {
			const hidden = (await top(emu, 'v2/user/get', { userid: u.userid }, tok)).result;
			assert.equal(hidden.mobile, undefined);
			assert.equal(hidden.state_code, undefined);
		} finally {
			emu.setOption('phonePermission', true);
		}
		emu.setOption('permissions', ['qyapi_get_department_list']);
		try {
			const denied = await top(emu, 'v2/user/get', { userid: u.userid }, tok);
			assert.deepEqual([denied.errcode, denied.sub_code], [88, '60011']);
		} finally {
			emu.setOption('permissions', null);
		}
	});

	test('v2/user/create: comma-string departments, camelCase unionId, documented refusals', async () => {
		const dept = org.departments[1].id;
		const asArray = await top(emu, 'v2/user/create', { name: 'A', mobile: '13700000001', dept_id_list: [dept] }, tok);
		assert.equal(asArray.errcode, 40035, 'dept_id_list must be a comma-separated string');
		const ok = await top(emu, 'v2/user/create', { name: 'A', mobile: '13700000001', dept_id_list: `1,${dept}`, userid: 'new.a' }, tok);
		assert.equal(ok.errcode, 0, JSON.stringify(ok));
		assert.deepEqual(Object.keys(ok.result).sort(), ['unionId', 'userid']);
		assert.equal(ok.result.userid, 'new.a');
		const listed = (await top(emu, 'v2/user/get', { userid: 'new.a' }, tok)).result;
		assert.deepEqual(listed.dept_id_list, [1, dept]);
		assert.equal(listed.unionid, ok.result.unionId);
		assert.equal((await top(emu, 'v2/user/create', { name: 'B', mobile: '13700000001', dept_id_list: '1' }, tok)).errcode, 60104);
		assert.equal((await top(emu, 'v2/user/create', { name: 'B', mobile: '+86-13700000001', dept_id_list: '1' }, tok)).errcode, 60104);
		assert.equal((await top(emu, 'v2/user/create', { name: 'B', mobile: '13700000002', dept_id_list: '1', userid: 'new.a' }, tok)).errcode, 60102);
		assert.equal((await top(emu, 'v2/user/create', { name: 'B', mobile: '12345', dept_id_list: '1' }, tok)).errcode, 60103);
		assert.equal((await top(emu, 'v2/user/create', { name: 'B', mobile: '13700000002', dept_id_list: '999999' }, tok)).errcode, 60003);
		assert.equal((await top(emu, 'v2/user/create', { name: 'B', mobile: '13700000002', dept_id_list: '1', extension: { a: 'b' } }, tok)).errcode, 60122);
		const generated = await top(emu, 'v2/user/create', { name: 'C', mobile: '13700000003', dept_id_list: '1' }, tok);
		assert.equal(generated.errcode, 0);
		assert.match(generated.result.userid, /^\d+$/, 'a userid is generated when omitted');
	});

	test('40103: invitations, and re-adding a user deleted the day they joined', async () => {
		emu.setOption('inviteMobiles', ['13700000009']);
		const invited = await top(emu, 'v2/user/create', { name: 'I', mobile: '13700000009', dept_id_list: '1' }, tok);
		assert.equal(invited.errcode, 40103);
		assert.equal((await top(emu, 'v2/user/getbymobile', { mobile: '13700000009' }, tok)).errcode, 60121, 'not a member until accepted');
		const made = await top(emu, 'v2/user/create', { name: 'D', mobile: '13700000010', dept_id_list: '1' }, tok);
		assert.equal((await top(emu, 'v2/user/delete', { userid: made.result.userid }, tok)).errcode, 0);
		assert.equal((await top(emu, 'v2/user/create', { name: 'D', mobile: '13700000010', dept_id_list: '1' }, tok)).errcode, 40103);
	});

	test('v2/user/update refuses a mobile change (40022); getbymobile, count', async () => {
		const u = org.users.find((x) => x.mobile);
		assert.equal((await top(emu, 'v2/user/update', { userid: u.userid, mobile: '13799999999' }, tok)).errcode, 40022);
		assert.equal((await top(emu, 'v2/user/update', { userid: u.userid, mobile: u.mobile, title: 'CTO' }, tok)).errcode, 0);
		assert.equal((await top(emu, 'v2/user/get', { userid: u.userid }, tok)).result.title, 'CTO');
		assert.equal((await top(emu, 'v2/user/getbymobile', { mobile: u.mobile }, tok)).result.userid, u.userid);
		assert.equal((await top(emu, 'v2/user/getbymobile', { mobile: `+86-${u.mobile}` }, tok)).result.userid, u.userid);
		assert.equal((await top(emu, 'v2/user/getbymobile', { mobile: 'abc' }, tok)).errcode, 40104);
		const all = (await top(emu, 'user/count', { only_active: false }, tok)).result.count;
		const active = (await top(emu, 'user/count', { only_active: true }, tok)).result.count;
		assert.equal(all, emu.state.users.size);
		assert.equal(active, [...emu.state.users.values()].filter((x) => x.active).length);
		assert.ok(active < all);
		assert.equal((await top(emu, 'user/count', {}, tok)).errcode, 40035);
	});

	test('department create, update and delete follow the documented rules', async () => {
		assert.equal((await top(emu, 'v2/department/create', { name: 'a-b', parent_id: 1 }, tok)).errcode, 60009);
		assert.equal((await top(emu, 'v2/department/create', { name: 'X', parent_id: 999999 }, tok)).errcode, 60004);
		const made = await top(emu, 'v2/department/create', { name: 'Sandbox', parent_id: 1, source_identifier: 'hr-1' }, tok);
		assert.equal(made.errcode, 0);
		const id = made.result.dept_id;
		assert.equal((await top(emu, 'v2/department/create', { name: 'Sandbox', parent_id: 1 }, tok)).errcode, 60021);
		const child = (await top(emu, 'v2/department/create', { name: 'Inner', parent_id: id }, tok)).result.dept_id;
		assert.equal((await top(emu, 'v2/department/update', { dept_id: id, parent_id: child }, tok)).errcode, 60004, 'no cycles');
		assert.equal((await top(emu, 'v2/department/update', { dept_id: 1, name: 'Root' }, tok)).errcode, 60018);
		assert.equal((await top(emu, 'v2/department/delete', { dept_id: id }, tok)).errcode, 60006);
		assert.equal((await top(emu, 'v2/department/delete', { dept_id: 1 }, tok)).errcode, 60007);
		const populated = org.departments.find((d) => d.id !== 1 && org.users.some((u) => u.departments.includes(d.id)) && !org.departments.some((c) => c.parentId === d.id));
		assert.equal((await top(emu, 'v2/department/delete', { dept_id: populated.id }, tok)).errcode, 60005);
		assert.equal((await top(emu, 'v2/department/update', { dept_id: child, name: 'Inner 2', order: 5 }, tok)).errcode, 0);
		assert.equal((await top(emu, 'v2/department/get', { dept_id: child }, tok)).result.name, 'Inner 2');
		assert.equal((await top(emu, 'v2/department/delete', { dept_id: child }, tok)).errcode, 0);
		assert.equal((await top(emu, 'v2/department/get', { dept_id: id }, tok)).result.source_identifier, 'hr-1');
	});

	test('unknown /topapi paths answer errcode 22; the log redacts tokens and secrets', async () => {
		const r = await top(emu, 'v2/user/nope', {}, tok);
		assert.equal(r.errcode, 22);
		const text = JSON.stringify(emu.log);
		assert.ok(!text.includes(tok));
		assert.ok(!text.includes(emu.appSecret));
		assert.ok(emu.count('gettoken') > 0);
		assert.equal(emu.count('v2/user/nope'), 1);
	});
});

describe('DingTalk emulator limits and faults', () => {
	const org = generateOrg({ users: 20, departments: 3, seed: 1 });

	test('QPS per app per API: the 21st call in a second gets 88 + "90018", other APIs are unaffected', async () => {
		const emu = await startDingTalkEmulator({ org });
		try {
			const tok = await token(emu);
			const answers = await Promise.all(Array.from({ length: 25 }, () => top(emu, 'user/count', { only_active: false }, tok)));
			assert.equal(answers.filter((a) => a.errcode === 0).length, 20);
			const refused = answers.filter((a) => a.errcode !== 0);
			assert.ok(refused.every((a) => a.errcode === 88 && a.sub_code === '90018'));
			assert.equal((await top(emu, 'v2/department/listsub', { dept_id: 1 }, tok)).errcode, 0, 'limits are per API');
			assert.equal((await top(emu, 'user/count', { only_active: false }, tok)).sub_code, '90018', 'blocked for a second');
			await new Promise((r) => setTimeout(r, 1050));
			assert.equal((await top(emu, 'user/count', { only_active: false }, tok)).errcode, 0);
		} finally {
			await emu.close();
		}
	});

	test('IP ban: HTML page or punish: deny, and automatically past the per-IP limit', async () => {
		const emu = await startDingTalkEmulator({ org, ipLimit: 5 });
		try {
			emu.setOption('ipBan', 'html');
			const html = await gettoken(emu);
			assert.equal(html.json, null);
			assert.match(html.type, /text\/html/);
			emu.setOption('ipBan', 'json');
			assert.deepEqual((await gettoken(emu)).json, { status: 1111, wait: 5, punish: 'deny' });
			emu.setOption('ipBan', false);
			const answers = [];
			for (let i = 0; i < 7; i++) answers.push((await gettoken(emu)).json);
			assert.equal(answers.filter((a) => a.errcode === 0).length, 5);
			assert.deepEqual(answers[6], { status: 1111, wait: 5, punish: 'deny' });
		} finally {
			await emu.close();
		}
	});

	test('faults: -1, 90018 (wrapped), 502 HTML, reset; count and paths are honoured', async () => {
		const emu = await startDingTalkEmulator({ org });
		try {
			const tok = await token(emu);
			const body = { only_active: false };
			emu.injectFaults({ kind: '-1', count: 1 });
			assert.equal((await top(emu, 'user/count', body, tok)).errcode, -1);
			emu.injectFaults({ kind: '90018', count: 1, paths: ['user/count'] });
			const q = await top(emu, 'user/count', body, tok);
			assert.deepEqual([q.errcode, q.sub_code], [88, '90018']);
			emu.injectFaults({ kind: '502', count: 1 });
			const bad = await raw(emu, 'POST', '/topapi/user/count', { query: { access_token: tok }, body });
			assert.equal(bad.status, 502);
			assert.match(bad.text, /Bad Gateway/);
			emu.injectFaults({ kind: 'reset', count: 1 });
			await assert.rejects(raw(emu, 'POST', '/topapi/user/count', { query: { access_token: tok }, body }));
			assert.equal((await top(emu, 'user/count', body, tok)).errcode, 0, 'faults stop after their count');
			emu.injectFaults({ kind: 'expire', count: 1 });
			assert.equal((await top(emu, 'user/count', body, tok)).sub_code, '40014');
			assert.notEqual(await token(emu), tok, 'an expired token is replaced');
		} finally {
			await emu.close();
		}
	});

	test('latency, slow and timeout faults delay or hang the answer', async () => {
		const emu = await startDingTalkEmulator({ org, latencyMs: 60, jitterMs: 10 });
		try {
			const tok = await token(emu);
			const body = { only_active: false };
			let t = Date.now();
			assert.equal((await top(emu, 'user/count', body, tok)).errcode, 0);
			assert.ok(Date.now() - t >= 45, 'latency applies');
			emu.setOption('latencyMs', 0);
			emu.setOption('jitterMs', 0);
			emu.injectFaults({ kind: 'slow', count: 1, slowMs: 150 });
			t = Date.now();
			assert.equal((await top(emu, 'user/count', body, tok)).errcode, 0, 'slow, then answered normally');
			assert.ok(Date.now() - t >= 140);
			emu.injectFaults({ kind: 'timeout', count: 1 });
			const hung = fetch(`${emu.url}/topapi/user/count?access_token=${tok}`, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(150) });
			await assert.rejects(hung, /abort|timeout/i);
			assert.equal(emu.log.at(-1).fault, 'timeout');
		} finally {
			await emu.close();
		}
	});
});
