// DingTalk node, HR Roster (智能人事) reads, run through n8n's engine against the emulator:
// on the job by status, pre-hires with their expected start date, resigned employees with
// last work day and reasons (list page + one detail call per 50), roster fields 100 per call;
// Return All paging, Limit, validation before any call, the missing-permission message.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';

import { startDingTalkEmulator } from './emulators/dingtalk.mjs';
import { generateOrg } from './emulators/orgGenerator.mjs';
import { runWorkflow } from './harness/n8n.mjs';
import { assertNoSecrets, calls, dingTalk, dingTalkCredentials } from './helpers/dingtalk.mjs';

const ON_JOB = '/topapi/smartwork/hrm/employee/queryonjob';
const PRE_ENTRY = '/topapi/smartwork/hrm/employee/querypreentry';
const DISMISSIONS = '/v1.0/hrm/employees/dismissions';
const INFOS = '/v1.0/hrm/employees/dimissionInfos';
const ROSTER = '/v1.0/hrm/rosters/lists/query';
const AGENT = 3_000_001;
const STATUS = { 2: 'probation', 3: 'regular', 5: 'toBeResigned', [-1]: 'noStatus' };
const chinaDate = (ms) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

describe('DingTalk HR Roster', () => {
	// 130 employees: 78 regular (two pages of 50), 26 probation, 13 to be resigned, 13 without status.
	const org = generateOrg({ users: 130, departments: 6, seed: 31, maxDepth: 3 });
	let emu;
	let credentials;
	const run = (parameters, extra = {}, input) =>
		runWorkflow({ nodes: [dingTalk({ resource: 'hrRoster', ...parameters }, extra)], credentials, input });
	const hrmLog = () => emu.log.filter((e) => e.path !== '/gettoken');
	before(async () => {
		emu = await startDingTalkEmulator({ org, qps: 500, hrm: { preEntries: 60, resigned: 130 } });
		credentials = dingTalkCredentials(emu, { newApiBaseUrl: emu.url });
	});
	beforeEach(() => {
		emu.clearLog();
		emu.setOption('permissions', null);
		emu.state.hrm.enabled = true;
	});
	after(async () => emu.close());

	const byStatus = (code) => [...emu.state.hrm.statusOf].filter(([, c]) => c === code).map(([id]) => id);

	test('Get Employees On the Job, Return All: every status paged 50 at a time following next_cursor, each employee with its status', async () => {
		const r = await run({ operation: 'getOnJob', statuses: ['probation', 'regular', 'toBeResigned', 'noStatus'], returnAll: true });
		assert.equal(r.status, 'success', r.error?.message);
		const out = r.output('D');
		assert.equal(out.length, org.users.length);
		for (const item of out) assert.equal(item.status, STATUS[emu.state.hrm.statusOf.get(item.userid)]);
		assert.equal(out.find((i) => i.status === 'toBeResigned').statusCode, 5);
		const pages = calls(emu, ON_JOB).map((c) => [c.body.status_list, c.body.offset, c.body.size]);
		assert.deepEqual(pages, [
			['2', 0, 50],
			['3', 0, 50],
			['3', 50, 50],
			['5', 0, 50],
			['-1', 0, 50],
		]);
		assert.deepEqual(out.filter((i) => i.status === 'regular').map((i) => i.userid), byStatus(3));
		assert.equal(calls(emu, ROSTER).length, 0, 'no roster read unless asked');
	});

	test('Get Employees On the Job, Limit: asks only for what the limit needs, in the order of the statuses chosen', async () => {
		const r = await run({ operation: 'getOnJob', statuses: ['regular', 'probation'], returnAll: false, limit: 60 });
		assert.equal(r.status, 'success', r.error?.message);
		assert.deepEqual(r.output('D').map((i) => i.userid), byStatus(3).slice(0, 60));
		assert.deepEqual(calls(emu, ON_JOB).map((c) => [c.body.status_list, c.body.offset, c.body.size]), [
			['3', 0, 50],
			['3', 50, 10],
		]);
		emu.clearLog();
		const spill = await run({ operation: 'getOnJob', statuses: ['toBeResigned', 'regular'], returnAll: false, limit: 20 });
		assert.deepEqual(spill.output('D').map((i) => i.status), [...Array(13).fill('toBeResigned'), ...Array(7).fill('regular')]);
		assert.deepEqual(calls(emu, ON_JOB).map((c) => [c.body.status_list, c.body.size]), [
			['5', 20],
			['3', 7],
		]);
	});

	test('Get Employees On the Job with roster fields: one roster call per 100 employees, the same token on both API families', async () => {
		const r = await run({
			operation: 'getOnJob',
			statuses: ['regular', 'probation', 'toBeResigned', 'noStatus'],
			returnAll: true,
			addRosterFields: true,
			agentId: String(AGENT),
			fieldCodes: 'sys00-name, sys00-confirmJoinTime, sys01-employeeStatus',
		});
		assert.equal(r.status, 'success', r.error?.message);
		const out = r.output('D');
		assert.equal(out.length, 130);
		const u = org.users[4];
		const item = out.find((i) => i.userid === u.userid);
		assert.equal(item.name, u.name);
		assert.equal(item.hireDate, chinaDate(emu.state.users.get(u.userid).hiredDate));
		assert.deepEqual(Object.keys(item.fields).sort(), ['sys00-confirmJoinTime', 'sys00-name', 'sys01-employeeStatus']);
		assert.equal(item.employeeStatus, '正式');
		const roster = calls(emu, ROSTER);
		assert.deepEqual(roster.map((c) => c.body.userIdList.length), [100, 30]);
		assert.ok(roster.every((c) => c.body.appAgentId === AGENT && c.body.fieldFilterList.length === 3));
		const seqs = new Set(hrmLog().map((e) => e.tokenSeq));
		assert.equal(seqs.size, 1, 'oapi and new-API calls carry one token');
		assertNoSecrets(r, emu);
	});

	test('Get Pre-Hires, Return All: two pages, the expected start date from one roster call for all 60', async () => {
		const r = await run({ operation: 'getPreHires', returnAll: true, addRosterFields: true, agentId: String(AGENT), fieldCodes: 'sys00-name, sys00-mobile, sys00-confirmJoinTime, sys00-mainDeptId' });
		assert.equal(r.status, 'success', r.error?.message);
		const out = r.output('D');
		const pre = emu.state.hrm.preEntries;
		assert.deepEqual(out.map((i) => i.userid), pre.map((p) => p.userid));
		assert.equal(out[3].expectedStartDate, pre[3].expectedStart);
		assert.equal(out[3].name, pre[3].name);
		assert.equal(out[3].mobile, pre[3].mobile);
		assert.equal(out[3].mainDepartmentId, pre[3].mainDeptId);
		assert.equal(out[3].status, 'preHire');
		assert.equal(out[3].hireDate, undefined, 'a pre-hire\'s hire date is its expected start date');
		assert.deepEqual(calls(emu, PRE_ENTRY).map((c) => [c.body.offset, c.body.size]), [
			[0, 50],
			[50, 50],
		]);
		assert.deepEqual(calls(emu, ROSTER).map((c) => c.body.userIdList.length), [60]);
	});

	test('Get Pre-Hires, Limit: one page of the limit, no roster when not asked', async () => {
		const r = await run({ operation: 'getPreHires', returnAll: false, limit: 7, addRosterFields: false });
		assert.equal(r.status, 'success', r.error?.message);
		assert.deepEqual(r.output('D'), emu.state.hrm.preEntries.slice(0, 7).map((p) => ({ userid: p.userid, status: 'preHire' })));
		assert.deepEqual(calls(emu, PRE_ENTRY).map((c) => [c.body.offset, c.body.size]), [[0, 7]]);
		assert.equal(calls(emu, ROSTER).length, 0);
	});

	test('Get Resigned Employees, Return All: three list pages and three detail calls for 130 people, last work day and reasons', async () => {
		const r = await run({ operation: 'getResigned', returnAll: true, rosterOutput: 'simplified' });
		assert.equal(r.status, 'success', r.error?.message);
		const out = r.output('D');
		assert.deepEqual(out.map((i) => i.userid), emu.state.hrm.resigned);
		const src = emu.state.hrm.dismissionOf.get('left00005');
		const item = out[4];
		assert.equal(item.name, src.name);
		assert.equal(item.lastWorkDay, new Date(src.lastWorkDay).toISOString());
		assert.equal(item.status, 'resigned');
		assert.equal(item.statusCode, 2);
		assert.deepEqual(item.voluntaryReasons, src.voluntaryReason);
		assert.deepEqual(item.passiveReasons, src.passiveReason);
		assert.deepEqual(item.mainDepartment, { id: src.mainDeptId, name: src.mainDeptName });
		assert.deepEqual(item.departments, [{ id: src.deptList[0].dept_id, path: src.deptList[0].dept_path }]);
		assert.equal(item.handoverUserid, src.handoverUserId);
		assert.equal(out[0].reasonMemo, '世界太大想去看看');
		const pages = calls(emu, DISMISSIONS).map((c) => [c.query.nextToken, c.query.maxResults]);
		assert.deepEqual(pages, [
			['0', '50'],
			['50', '50'],
			['100', '50'],
		]);
		const details = calls(emu, INFOS).map((c) => JSON.parse(c.query.userIdList));
		assert.deepEqual(details.map((d) => d.length), [50, 50, 30], 'one detail call per list page, none per person');
		assert.deepEqual(details.flat(), emu.state.hrm.resigned);

		const raw = await run({ operation: 'getResigned', returnAll: false, limit: 2, rosterOutput: 'raw' });
		assert.deepEqual(raw.output('D')[1], emu.state.hrm.dismissionOf.get('left00002'));
	});

	test('Get Resigned Employees, Limit: the list page is as long as the limit, its details in one call', async () => {
		const r = await run({ operation: 'getResigned', returnAll: false, limit: 10, rosterOutput: 'simplified' });
		assert.equal(r.output('D').length, 10);
		assert.deepEqual(calls(emu, DISMISSIONS).map((c) => c.query.maxResults), ['10']);
		assert.deepEqual(calls(emu, INFOS).map((c) => JSON.parse(c.query.userIdList).length), [10]);
	});

	test('Get Resigned Employees with a date range: filtered on the last work day; with a limit, reading stops once it is met', async () => {
		const from = '2024-02-01T00:00:00+08:00';
		const to = '2024-03-01T00:00:00+08:00';
		const expected = emu.state.hrm.resigned.filter((id) => {
			const day = emu.state.hrm.dismissionOf.get(id).lastWorkDay;
			return day >= Date.parse(from) && day <= Date.parse(to);
		});
		assert.ok(expected.length > 5 && expected.length < 20);
		const r = await run({ operation: 'getResigned', returnAll: true, lastWorkDayFrom: from, lastWorkDayTo: to, rosterOutput: 'simplified' });
		assert.equal(r.status, 'success', r.error?.message);
		assert.deepEqual(r.output('D').map((i) => i.userid), expected);
		assert.ok(r.output('D').every((i) => i.lastWorkDay >= '2024-01-31T16:00:00.000Z' && i.lastWorkDay <= '2024-02-29T16:00:00.000Z'));
		assert.equal(calls(emu, DISMISSIONS).length, 3, 'no date filter at DingTalk: the whole list is read');

		emu.clearLog();
		const limited = await run({ operation: 'getResigned', returnAll: false, limit: 3, lastWorkDayFrom: from, rosterOutput: 'simplified' });
		assert.deepEqual(limited.output('D').map((i) => i.userid), expected.slice(0, 3));
		assert.deepEqual(calls(emu, DISMISSIONS).map((c) => c.query.maxResults), ['50'], 'a filtered read takes whole pages and stops at the limit');
	});

	test('Get Employee Roster Fields: 100 userids per call, readable names, every field by code, detail groups as lists; Raw as DingTalk sends it', async () => {
		const ids = [...org.users.map((u) => u.userid), ...emu.state.hrm.preEntries.map((p) => p.userid)];
		const r = await run({ operation: 'getRosterFields', userIds: '={{ $json.ids }}', fieldCodes: '', agentId: String(AGENT), rosterOutput: 'simplified' }, {}, [{ json: { ids } }]);
		assert.equal(r.status, 'success', r.error?.message);
		const out = r.output('D');
		assert.deepEqual(out.map((i) => i.userid), ids);
		assert.deepEqual(calls(emu, ROSTER).map((c) => c.body.userIdList.length), [100, 90]);
		assert.ok(calls(emu, ROSTER).every((c) => c.body.fieldFilterList === undefined), 'no codes: every field');
		const u = org.users[0];
		assert.equal(out[0].name, u.name);
		assert.equal(out[0].mainDepartmentId, u.departments[0]);
		assert.equal(out[0].employeeType, '全职');
		assert.deepEqual(out[0].fields['sys07-childName'], ['大宝', '二宝']);
		assert.equal(out[0].fields['sys01-employeeType'], '全职');

		emu.clearLog();
		const raw = await run({ operation: 'getRosterFields', userIds: `${u.userid}, ${org.users[1].userid}`, fieldCodes: 'sys00-name,sys01-employeeType', agentId: String(AGENT), rosterOutput: 'raw' });
		const [rec] = raw.output('D');
		assert.equal(rec.userId, u.userid);
		assert.deepEqual(rec.fieldDataList.map((f) => f.fieldCode), ['sys00-name', 'sys01-employeeType']);
		assert.deepEqual(rec.fieldDataList[1].fieldValueList, [{ itemIndex: 0, label: '全职', value: '1' }]);
		assert.deepEqual(calls(emu, ROSTER)[0].body.fieldFilterList, ['sys00-name', 'sys01-employeeType']);
	});

	test('invalid input fails its item before any call, naming the field; valid items around it still run', async () => {
		const cases = [
			[{ operation: 'getOnJob', statuses: '={{ [] }}', returnAll: true }, 'Statuses'],
			[{ operation: 'getOnJob', statuses: '={{ ["retired"] }}', returnAll: true }, 'Statuses'],
			[{ operation: 'getPreHires', returnAll: true, addRosterFields: true, agentId: 'my app', fieldCodes: 'sys00-name' }, 'Agent ID'],
			[{ operation: 'getOnJob', statuses: ['regular'], returnAll: true, addRosterFields: true, agentId: String(AGENT), fieldCodes: 'sys00 name!' }, 'Field Codes'],
			[{ operation: 'getResigned', returnAll: true, lastWorkDayFrom: '2024-03-01', lastWorkDayTo: '2024-02-01', rosterOutput: 'simplified' }, 'Last Work Day To'],
			[{ operation: 'getResigned', returnAll: true, lastWorkDayFrom: 'last spring', lastWorkDayTo: '', rosterOutput: 'simplified' }, 'Last Work Day From'],
			[{ operation: 'getRosterFields', userIds: '={{ " , " }}', fieldCodes: '', agentId: String(AGENT), rosterOutput: 'simplified' }, 'User IDs'],
			[{ operation: 'getRosterFields', userIds: 'a1', fieldCodes: Array.from({ length: 101 }, (_, k) => `c${k}`).join(','), agentId: String(AGENT), rosterOutput: 'simplified' }, 'Field Codes'],
			[{ operation: 'getRosterFields', userIds: 'a1', fieldCodes: '', agentId: '0', rosterOutput: 'simplified' }, 'Agent ID'],
		];
		for (const [params, field] of cases) {
			const r = await run(params, { onError: 'continueErrorOutput' });
			const [err] = r.output('D', 1);
			assert.equal(err?.message?.field, field, JSON.stringify(params));
			assert.match(err.error, new RegExp(`Invalid "${field}"`));
		}
		assert.equal(emu.log.length, 0, 'no call at all, not even a token');

		// Per item: the bad item fails, the good one runs with only its own userids.
		const good = org.users[2].userid;
		const r = await run(
			{ operation: 'getRosterFields', userIds: '={{ $json.ids }}', fieldCodes: 'sys00-name', agentId: String(AGENT), rosterOutput: 'simplified' },
			{ onError: 'continueErrorOutput' },
			[{ json: { ids: 'has space' } }, { json: { ids: good } }],
		);
		assert.deepEqual(r.output('D').map((i) => i.userid), [good]);
		assert.deepEqual(r.items('D').map((i) => i.pairedItem.item), [1]);
		assert.equal(r.items('D', 1)[0].pairedItem.item, 0);
		assert.deepEqual(calls(emu, ROSTER).map((c) => c.body.userIdList), [[good]]);
	});

	test('a wrong Agent ID fails the item with the fix; an unknown userid likewise (the whole batch is refused)', async () => {
		const r = await run(
			{ operation: 'getRosterFields', userIds: '={{ $json.ids }}', fieldCodes: 'sys00-name', agentId: '={{ $json.agent }}', rosterOutput: 'simplified' },
			{ onError: 'continueRegularOutput' },
			[{ json: { ids: org.users[0].userid, agent: 42 } }, { json: { ids: org.users[0].userid, agent: AGENT } }, { json: { ids: 'nobody-here', agent: AGENT } }],
		);
		assert.equal(r.status, 'success', r.error?.message);
		const [wrongAgent, ok, unknown] = r.output('D');
		assert.match(wrongAgent.error, /invalidParameter/);
		assert.match(wrongAgent.message.description, /Agent ID/);
		assert.equal(ok.name, org.users[0].name);
		assert.match(unknown.message.description, /current employee or pre-hire/);
	});

	test('without the HR permission: one call, the run stops with the permission named — oapi 88/60011 and new API 403 alike', async () => {
		emu.setOption('permissions', ['qyapi_get_member', 'qyapi_get_department_list', 'qyapi_get_department_member']);
		const onJob = await run({ operation: 'getOnJob', statuses: ['regular'], returnAll: true }, { onError: 'continueRegularOutput' }, [{ json: {} }, { json: {} }]);
		assert.equal(onJob.status, 'error');
		assert.match(onJob.error.message, /60011/);
		assert.match(onJob.error.description, /qyapi_hrm_read_user/);
		assert.match(onJob.error.description, /智能人事个人信息读权限/);
		assert.equal(calls(emu, ON_JOB).length, 1, 'reported once, not per item, not retried');

		emu.clearLog();
		const resigned = await run({ operation: 'getResigned', returnAll: true, rosterOutput: 'simplified' });
		assert.equal(resigned.status, 'error');
		assert.match(resigned.error.message, /AccessTokenPermissionDenied/);
		assert.match(resigned.error.description, /qyapi_hrm_read_user/);
		assert.equal(calls(emu, DISMISSIONS).length, 1);
		assert.equal(calls(emu, DISMISSIONS)[0].status, 403);

		const roster = await run({ operation: 'getRosterFields', userIds: org.users[0].userid, fieldCodes: '', agentId: String(AGENT), rosterOutput: 'simplified' });
		assert.match(roster.error.description, /qyapi_hrm_read_user/);
		assertNoSecrets(onJob, emu);
		assertNoSecrets(resigned, emu);
	});

	test('a revoked token met on the new API (400 InvalidAuthentication) is refreshed once through gettoken and the call retried', async () => {
		emu.invalidateTokens();
		const r = await run({ operation: 'getResigned', returnAll: false, limit: 5, rosterOutput: 'simplified' });
		assert.equal(r.status, 'success', r.error?.message);
		assert.equal(r.output('D').length, 5);
		const list = calls(emu, DISMISSIONS);
		assert.deepEqual(list.map((c) => c.status), [400, 200]);
		assert.equal(list[0].errcode, 'InvalidAuthentication');
		assert.equal(calls(emu, 'gettoken').length, 1);
		assert.ok(list[1].tokenSeq > list[0].tokenSeq, 'retried with the new token');
		assertNoSecrets(r, emu);
	});

	test('an organisation without DingTalk HR (corpNotOpenHrm) stops the run with that said', async () => {
		emu.state.hrm.enabled = false;
		const r = await run({ operation: 'getResigned', returnAll: true, rosterOutput: 'simplified' });
		assert.equal(r.status, 'error');
		assert.match(r.error.message, /corpNotOpenHrm/);
		assert.match(r.error.description, /not enabled DingTalk HR/);
	});
});
