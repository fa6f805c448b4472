// Shared fixtures of the member-sync tests (WeCom Sync Members, DingTalk Sync Users From Input):
// a small org with a managed subtree and an unmanaged one, the resource mapper parameter, runners.
import { node, runWorkflow } from '../harness/n8n.mjs';
import { weComCredentials } from '../helpers.mjs';
import { dingTalkCredentials } from './dingtalk.mjs';

/**
 * Acme Corp (1)
 * ├─ Sales (2)            managed
 * │  ├─ East (3)
 * │  └─ West (4)
 * └─ Finance (5)          not managed
 */
export const DEPARTMENTS = [
	{ id: 1, name: 'Acme Corp', nameEn: 'Acme Corp', parentId: 0, order: 100 },
	{ id: 2, name: 'Sales', nameEn: 'Sales', parentId: 1, order: 90 },
	{ id: 3, name: 'East', nameEn: 'East', parentId: 2, order: 80 },
	{ id: 4, name: 'West', nameEn: 'West', parentId: 2, order: 70 },
	{ id: 5, name: 'Finance', nameEn: 'Finance', parentId: 1, order: 60 },
];

export function person(n, departments, extra = {}) {
	const id = `p${String(n).padStart(3, '0')}`;
	return {
		userid: id,
		name: `Person ${n}`,
		departments,
		orders: departments.map(() => 0),
		isLeader: departments.map(() => 0),
		mainDepartment: departments[0],
		position: 'Staff',
		mobile: `138${String(10000000 + n).slice(-8)}`,
		email: `${id}@acme.example.com`,
		gender: '1',
		status: 4,
		enable: 1,
		unionid: `union${id}`,
		active: false,
		directLeader: [],
		...extra,
	};
}

/** 8 managed people (in 2, 3, 4), 3 in Finance, 1 in both East and Finance (so not managed). */
export function smallOrg() {
	const users = [
		person(1, [2]),
		person(2, [3]),
		person(3, [3]),
		person(4, [4]),
		person(5, [4]),
		person(6, [3, 4]),
		person(7, [2], { status: 1, active: true }),
		person(8, [3], { enable: 0, status: 2 }),
		person(20, [5]),
		person(21, [5]),
		person(22, [5]),
		person(30, [3, 5]),
	];
	return { departments: DEPARTMENTS.map((d) => ({ ...d })), users };
}

/** The HR row of a member as the org has it: what an unchanged HR export would say. */
export function rowOf(u) {
	return { userid: u.userid, name: u.name, mobile: u.mobile, email: u.email, departments: u.departments.join('; '), position: u.position };
}

const WECOM_FIELDS = ['userid', 'name', 'mobile', 'email', 'departments', 'mainDepartment', 'leaderOf', 'position', 'alias', 'telephone', 'enabled'];
const DINGTALK_FIELDS = ['userid', 'name', 'mobile', 'email', 'departments', 'title', 'jobNumber', 'telephone', 'workPlace'];

/** The resourceMapper parameter, each field mapped from the item field of the same name. */
export function columns(ids, map = {}) {
	const value = {};
	for (const id of ids) value[id] = map[id] ?? `={{ $json.${id} }}`;
	return {
		mappingMode: 'defineBelow',
		value,
		matchingColumns: ['userid'],
		schema: ids.map((id) => ({ id, displayName: id, required: id === 'userid' || id === 'name', defaultMatch: id === 'userid', display: true, type: 'string', canBeUsedToMatch: id === 'userid' })),
		attemptToConvertTypes: false,
		convertFieldsToString: false,
	};
}

export const weComColumns = (map) => columns(WECOM_FIELDS, map);
export const dingTalkColumns = (map) => columns(DINGTALK_FIELDS, map);

export async function syncWeCom(emu, rows, parameters = {}, { onError = 'continueErrorOutput' } = {}) {
	return await runWorkflow({
		nodes: [
			node(
				'weCom',
				{ resource: 'member', operation: 'syncMembers', managedDepartments: '2', columns: weComColumns(), ...parameters },
				{ name: 'Sync', ...(onError ? { onError } : {}) },
			),
		],
		credentials: { weComApi: weComCredentials(emu, 'contacts') },
		input: rows.map((json) => ({ json })),
	});
}

export async function syncDingTalk(emu, rows, parameters = {}, { onError = 'continueErrorOutput' } = {}) {
	return await runWorkflow({
		nodes: [
			node(
				'dingTalk',
				{ resource: 'user', operation: 'syncUsersFromInput', managedDepartments: '2', columns: dingTalkColumns(), ...parameters },
				{ name: 'Sync', ...(onError ? { onError } : {}) },
			),
		],
		credentials: dingTalkCredentials(emu),
		input: rows.map((json) => ({ json })),
	});
}

const WECOM_WRITES = new Set(['/cgi-bin/user/create', '/cgi-bin/user/update', '/cgi-bin/user/delete', '/cgi-bin/user/batchdelete', '/cgi-bin/department/create']);
const DINGTALK_WRITES = new Set(['/topapi/v2/user/create', '/topapi/v2/user/update', '/topapi/v2/user/delete', '/topapi/v2/department/create']);

export const weComWrites = (emu) => emu.log.filter((e) => WECOM_WRITES.has(e.path));
export const dingTalkWrites = (emu) => emu.log.filter((e) => DINGTALK_WRITES.has(e.path));

export const summaryOf = (result) => result.output('Sync').find((j) => j.action === 'summary');
export const actionsOf = (result) => result.output('Sync').filter((j) => j.action !== 'summary');
