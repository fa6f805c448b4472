// DingTalk HR roster (智能人事) in the DingTalk emulator (docs/dingtalk-hrm-reference.md).
// `createHrmStore(options, state)` adds the HR records (statuses of the directory's users,
// pre-hires, resigned employees and their resignation details, roster fields) to the state;
// HRM_ROUTES are merged into the route table by dingtalk.mjs. Two API families:
//
// - oapi (POST JSON, ?access_token=, errcode):
//   topapi/smartwork/hrm/employee/queryonjob {status_list: "2,3,5,-1" (string, ≤ 20 entries),
//     offset ≥ 0, size 1..50} → result {data_list, next_cursor (absent on the last page)};
//   topapi/smartwork/hrm/employee/querypreentry {offset, size 1..50} → the same shape.
//   offset and size are required (docs); a wrong offset answers 40068, a wrong size 40069,
//   anything else missing or of the wrong type 40035 (the emulator's choice: the docs name
//   no code for these).
// - new API (header x-acs-dingtalk-access-token, HTTP status + {code, message}):
//   GET /v1.0/hrm/employees/dismissions ?nextToken (≥ 0, default 0) &maxResults (1..50,
//     default 30) → {nextToken, hasMore, userIdList}; a bad paging value: 400 invalidParameter.
//   GET /v1.0/hrm/employees/dimissionInfos ?userIdList=<JSON array of 1..50 strings> (the
//     official SDK's "json" style) → {result: [...]}, records only for resigned or resigning
//     userids; 400 invalidParameter outside 1..50; 400 corpNotOpenHrm when HR is off.
//   POST /v1.0/hrm/rosters/lists/query {userIdList: 1..100 strings, fieldFilterList?: ≤ 100
//     strings, appAgentId (the app's AgentId, required), text2SelectConvert?} → {result:
//     [{corpId, userId, unionId, fieldDataList: [{fieldCode, fieldName, groupId,
//     fieldValueList: [{itemIndex, label, value}]}]}]}; a wrong AgentId or a userid that is
//     neither an employee nor a pre-hire: 400 invalidParameter (the whole call, as the docs'
//     single error row says).
// Every route needs qyapi_hrm_read_user: without it oapi answers 88 / sub_code "60011" and the
// new API HTTP 403 Forbidden.AccessDenied.AccessTokenPermissionDenied.

import { mulberry32 } from './orgGenerator.mjs';
import { fail } from './dingtalkRoutes.mjs';

const PERMISSION = 'qyapi_hrm_read_user';

/** oapi status_list codes → the emulator's status names. */
const STATUS_CODES = { 2: 'probation', 3: 'regular', 5: 'toBeResigned', [-1]: 'noStatus' };
const STATUS_LABELS = { 2: '试用', 3: '正式', 5: '待离职', [-1]: '' };

/** New-API errors: HTTP status and message per code (server-api-error-codes-1 and the per-API pages). */
export const NEW_API_ERRORS = {
	invalidParameter: [400, '参数错误'],
	corpNotOpenHrm: [400, '企业未开通通智能人事'],
	noPermission: [400, '无访问权限'],
	systemError: [500, '系统异常'],
	InvalidAuthentication: [400, '不合法的access_token'],
	MissingParameter: [400, 'token is mandatory for this action.'],
	'Forbidden.AccessDenied.AccessTokenPermissionDenied': [403, '没有调用该接口的权限'],
	'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi': [403, '应用调用该接口的QPS超过限制'],
	'Forbidden.AccessDenied.QpsLimitForApi': [403, '接口调用超过全局限流'],
	'InvalidAction.NotFound': [404, 'Specified api is not found, please check your url and method.'],
};

/** The same failures the oapi shell raises by errcode (token, permission, QPS, busy), in new-API form. */
export const NEW_API_EQUIVALENT = {
	40000: 'MissingParameter',
	40014: 'InvalidAuthentication',
	40035: 'invalidParameter',
	60011: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
	90018: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
	90002: 'Forbidden.AccessDenied.QpsLimitForApi',
	[-1]: 'systemError',
};

const DAY = 86_400_000;
/** Midnight in China (UTC+8), the moment DingTalk records a last work day at. */
const chinaMidnight = (y, m, d) => Date.UTC(y, m - 1, d) - 8 * 3_600_000;
const chinaDate = (ms) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

const VOLUNTARY = ['个人原因', '家庭原因', '发展原因'];
const PASSIVE = ['合同到期不续签', '无法胜任工作'];

/**
 * @param {object} options the emulator's options; `options.hrm`:
 *   { enabled = true, agentId = 3000001, preEntries = 12, resigned = 20, seed = 7 }
 * @param {object} state the directory state (dingtalkState.mjs)
 */
export function createHrmStore(options, state) {
	const o = options.hrm ?? {};
	const rnd = mulberry32(o.seed ?? 7);
	const hrm = {
		enabled: o.enabled ?? true,
		agentId: o.agentId ?? 3_000_001,
		corpId: 'dingemulatorcorp0001',
		/** userid → status code (2, 3, 5, -1) for the directory's users, in directory order. */
		statusOf: new Map(),
		preEntries: [],
		/** The resigned list in the order dismissions pages it. */
		resigned: [],
		/** userid → resignation record (resigned ones and the to-be-resigned on the job). */
		dismissionOf: new Map(),
		/** dimissionInfos / queryonjob / rosters calls accepted, for assertions: { path, size }. */
		calls: [],
	};
	const users = [...state.users.values()];
	users.forEach((u, i) => {
		const k = i % 10;
		hrm.statusOf.set(u.userid, k < 2 ? 2 : k === 2 ? 5 : k === 3 ? -1 : 3);
	});
	const deptName = (id) => state.departments.get(id)?.name ?? String(id);
	const preCount = o.preEntries ?? 12;
	for (let k = 0; k < preCount; k++) {
		const dept = users[k % Math.max(1, users.length)]?.deptIds?.[0] ?? 1;
		hrm.preEntries.push({
			userid: `pre${String(1599488421617 + k * 7919)}`,
			name: `待入职${k + 1}`,
			mobile: `17${String(100000000 + k * 37).padStart(9, '0')}`,
			expectedStart: chinaDate(chinaMidnight(2026, 9, 1) + (k % 30) * DAY),
			mainDeptId: dept,
			mainDeptName: deptName(dept),
			position: k % 2 ? '工程师' : '销售',
		});
	}
	const resignedCount = o.resigned ?? 20;
	for (let k = 0; k < resignedCount; k++) {
		const dept = users[(k * 3) % Math.max(1, users.length)]?.deptIds?.[0] ?? 1;
		const record = {
			userId: `left${String(k + 1).padStart(5, '0')}`,
			name: `离职员工${k + 1}`,
			// One every three days from 2024-01-01, China midnight.
			lastWorkDay: chinaMidnight(2024, 1, 1) + k * 3 * DAY,
			deptList: [{ dept_path: deptName(dept), dept_id: dept }],
			reasonMemo: k % 4 === 0 ? '世界太大想去看看' : '',
			preStatus: [3, 2, 1][k % 3],
			handoverUserId: users[k % Math.max(1, users.length)]?.userid ?? '',
			status: 2,
			mainDeptName: deptName(dept),
			mainDeptId: dept,
			voluntaryReason: k % 2 === 0 ? [VOLUNTARY[k % 3]] : [],
			passiveReason: k % 2 === 1 ? [PASSIVE[k % 2]] : [],
		};
		if (!record.reasonMemo) delete record.reasonMemo;
		hrm.resigned.push(record.userId);
		hrm.dismissionOf.set(record.userId, record);
	}
	// Employees on the job "to be resigned" have a resignation record too (status 1).
	for (const [userid, code] of hrm.statusOf) {
		if (code !== 5) continue;
		const u = state.users.get(userid);
		hrm.dismissionOf.set(userid, {
			userId: userid,
			name: u.name,
			lastWorkDay: chinaMidnight(2026, 12, 31) - Math.floor(rnd() * 30) * DAY,
			deptList: u.deptIds.map((d) => ({ dept_path: deptName(d), dept_id: d })),
			preStatus: 3,
			status: 1,
			mainDeptName: deptName(u.deptIds[0]),
			mainDeptId: u.deptIds[0],
			voluntaryReason: ['个人原因'],
			passiveReason: [],
		});
	}

	/** Every roster field of one person (an employee of the directory or a pre-hire), or undefined. */
	hrm.rosterOf = (userid) => {
		const field = (fieldCode, fieldName, value, label = value) => ({
			fieldCode,
			fieldName,
			groupId: fieldCode.split('-')[0],
			fieldValueList: [{ itemIndex: 0, label, value }],
		});
		const u = state.users.get(userid);
		if (u) {
			const code = hrm.statusOf.get(userid) ?? 3;
			const fields = [
				field('sys00-name', '姓名', u.name),
				field('sys00-mobile', '手机号', u.mobile),
				field('sys00-deptIds', '部门id', u.deptIds.join('|')),
				field('sys00-mainDeptId', '主部门id', String(u.deptIds[0])),
				field('sys00-mainDept', '主部门', deptName(u.deptIds[0])),
				field('sys00-confirmJoinTime', '入职时间', chinaDate(u.hiredDate)),
				field('sys01-employeeType', '员工类型', '1', '全职'),
				field('sys01-employeeStatus', '员工状态', String(code), STATUS_LABELS[code]),
				field('sys01-regularTime', '转正日期', chinaDate(u.hiredDate + 90 * DAY)),
			];
			if (u.email) fields.push(field('sys00-email', '邮箱', u.email));
			if (u.jobNumber) fields.push(field('sys00-jobNumber', '工号', u.jobNumber));
			if (u.title) fields.push(field('sys00-position', '职位', u.title));
			// A detail group (明细分组): one entry per child.
			if (users.indexOf(u) % 13 === 0) {
				fields.push({
					fieldCode: 'sys07-childName',
					fieldName: '子女姓名',
					groupId: 'sys07',
					fieldValueList: [
						{ itemIndex: 0, label: '大宝', value: '大宝' },
						{ itemIndex: 1, label: '二宝', value: '二宝' },
					],
				});
			}
			return fields;
		}
		const p = hrm.preEntries.find((x) => x.userid === userid);
		if (!p) return undefined;
		return [
			field('sys00-name', '姓名', p.name),
			field('sys00-mobile', '手机号', p.mobile),
			field('sys00-mainDeptId', '主部门id', String(p.mainDeptId)),
			field('sys00-mainDept', '主部门', p.mainDeptName),
			field('sys00-position', '职位', p.position),
			field('sys00-confirmJoinTime', '入职时间', p.expectedStart),
			field('sys01-employeeType', '员工类型', '1', '全职'),
		];
	};
	state.hrm = hrm;
	return state;
}

// ---- parameter checks ---------------------------------------------------------------------------

const isInt = (v) => typeof v === 'number' && Number.isSafeInteger(v);

function oapiPaging(body) {
	if (body.offset === undefined || body.offset === null) fail(40035, 'offset is required');
	if (body.size === undefined || body.size === null) fail(40035, 'size is required');
	if (!isInt(body.offset) || body.offset < 0) fail(40068, 'offset must be an integer ≥ 0');
	if (!isInt(body.size) || body.size < 1 || body.size > 50) fail(40069, 'size must be an integer in 1..50');
	return { offset: body.offset, size: body.size };
}

function oapiPage(list, offset, size) {
	const out = { data_list: list.slice(offset, offset + size) };
	if (offset + size < list.length) out.next_cursor = offset + size;
	return out;
}

/** A query-string integer: absent → fallback; else digits only within [min, max]. */
function queryInt(query, key, fallback, min, max) {
	const raw = query[key];
	if (raw === undefined) return fallback;
	if (!/^\d+$/.test(String(raw))) fail('invalidParameter', `分页参数错误: ${key}`);
	const n = Number(raw);
	if (n < min || n > max) fail('invalidParameter', `分页参数错误: ${key} must be in ${min}..${max}`);
	return n;
}

function stringList(value, key, min, max, message) {
	if (!Array.isArray(value)) fail('invalidParameter', `${key} must be a list of strings`);
	if (value.some((v) => typeof v !== 'string' || v === '')) fail('invalidParameter', `${key}: every entry must be a non-empty string`);
	if (value.length < min || value.length > max) fail('invalidParameter', message ?? `${key} must hold ${min}..${max} entries`);
	return value;
}

function requireHrm(ctx) {
	if (!ctx.state.hrm.enabled) fail('corpNotOpenHrm');
}

// ---- routes -------------------------------------------------------------------------------------

export const HRM_ROUTES = {
	'/topapi/smartwork/hrm/employee/queryonjob': {
		permission: PERMISSION,
		handler(ctx) {
			const raw = ctx.body.status_list;
			if (typeof raw !== 'string' || raw.trim() === '') fail(40035, 'status_list is required (a comma-separated string such as "2,3,5,-1")');
			const codes = raw.split(',').map((s) => s.trim());
			if (codes.length > 20) fail(40035, 'status_list: at most 20 entries');
			for (const c of codes) if (!(c in STATUS_CODES)) fail(40035, `status_list: "${c}" is not one of 2, 3, 5, -1`);
			const { offset, size } = oapiPaging(ctx.body);
			const wanted = new Set(codes.map(Number));
			const list = [...ctx.state.hrm.statusOf].filter(([userid, code]) => wanted.has(code) && ctx.state.users.has(userid)).map(([userid]) => userid);
			ctx.state.hrm.calls.push({ path: 'queryonjob', size });
			return oapiPage(list, offset, size);
		},
	},
	'/topapi/smartwork/hrm/employee/querypreentry': {
		permission: PERMISSION,
		handler(ctx) {
			const { offset, size } = oapiPaging(ctx.body);
			ctx.state.hrm.calls.push({ path: 'querypreentry', size });
			return oapiPage(ctx.state.hrm.preEntries.map((p) => p.userid), offset, size);
		},
	},
	'/v1.0/hrm/employees/dismissions': {
		permission: PERMISSION,
		family: 'new',
		method: 'GET',
		handler(ctx) {
			requireHrm(ctx);
			const offset = queryInt(ctx.query, 'nextToken', 0, 0, Number.MAX_SAFE_INTEGER);
			const size = queryInt(ctx.query, 'maxResults', 30, 1, 50);
			const list = ctx.state.hrm.resigned;
			const hasMore = offset + size < list.length;
			ctx.state.hrm.calls.push({ path: 'dismissions', size });
			return { nextToken: hasMore ? offset + size : 0, hasMore, userIdList: list.slice(offset, offset + size) };
		},
	},
	'/v1.0/hrm/employees/dimissionInfos': {
		permission: PERMISSION,
		family: 'new',
		method: 'GET',
		handler(ctx) {
			requireHrm(ctx);
			const raw = ctx.query.userIdList;
			if (raw === undefined) fail('invalidParameter', 'userIdList is required');
			let ids;
			try {
				ids = JSON.parse(raw);
			} catch {
				fail('invalidParameter', 'userIdList must be a JSON array of userids');
			}
			stringList(ids, 'userIdList', 1, 50, '员工 id列表大小不在[1,50]范围');
			ctx.state.hrm.calls.push({ path: 'dimissionInfos', size: ids.length });
			return { result: ids.map((id) => ctx.state.hrm.dismissionOf.get(id)).filter(Boolean).map((r) => structuredClone(r)) };
		},
	},
	'/v1.0/hrm/rosters/lists/query': {
		permission: PERMISSION,
		family: 'new',
		method: 'POST',
		handler(ctx) {
			requireHrm(ctx);
			const { body } = ctx;
			const ids = stringList(body.userIdList, 'userIdList', 1, 100);
			const codes = body.fieldFilterList === undefined ? undefined : stringList(body.fieldFilterList, 'fieldFilterList', 0, 100);
			if (body.appAgentId === undefined) fail('invalidParameter', 'appAgentId is required');
			if (!isInt(body.appAgentId) || body.appAgentId !== ctx.state.hrm.agentId) {
				fail('invalidParameter', '系统参数无效或者传入的微应用Id和员工userId有误');
			}
			if (body.text2SelectConvert !== undefined && typeof body.text2SelectConvert !== 'boolean') fail('invalidParameter', 'text2SelectConvert must be true or false');
			const records = ids.map((userId) => {
				const fields = ctx.state.hrm.rosterOf(userId);
				if (!fields) fail('invalidParameter', '系统参数无效或者传入的微应用Id和员工userId有误');
				const picked = codes && codes.length > 0 ? codes.map((c) => fields.find((f) => f.fieldCode === c)).filter(Boolean) : fields;
				return { corpId: ctx.state.hrm.corpId, userId, unionId: '无', fieldDataList: picked };
			});
			ctx.state.hrm.calls.push({ path: 'rosters', size: ids.length });
			return { result: records };
		},
	},
};
