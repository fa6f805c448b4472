import type { IDataObject } from 'n8n-workflow';

import { DirectoryApiError } from '../transport/errors';
import { mapConcurrent } from '../transport/pool';
import type { Transport } from '../transport/transport';
import type { DingTalkClient } from './client';

/**
 * DingTalk HR roster (智能人事) reads, as docs/dingtalk-hrm-reference.md establishes them:
 *
 * - on the job: oapi `topapi/smartwork/hrm/employee/queryonjob` {status_list, offset, size ≤ 50}
 * - pre-hires (待入职): oapi `topapi/smartwork/hrm/employee/querypreentry` {offset, size ≤ 50}
 * - resigned (离职): new API `GET /v1.0/hrm/employees/dismissions` {nextToken, maxResults ≤ 50}
 *   and their details `GET /v1.0/hrm/employees/dimissionInfos` {userIdList: JSON array, 1–50}
 * - roster fields: new API `POST /v1.0/hrm/rosters/lists/query`
 *   {userIdList 1–100, fieldFilterList ≤ 100, appAgentId}
 *
 * The legacy resigned-list pair (querydimission / listdimission) and the legacy roster read
 * (employee/v2/list) were moved to DingTalk's "history (not recommended)" docs, and the two
 * resigned-list APIs accept no new permission applications: the new ones are used. Every
 * call needs the app permission `qyapi_hrm_read_user` (智能人事个人信息读权限).
 */

export const HRM_PATHS = {
	onJob: '/topapi/smartwork/hrm/employee/queryonjob',
	preEntry: '/topapi/smartwork/hrm/employee/querypreentry',
	dismissions: '/v1.0/hrm/employees/dismissions',
	dismissionInfos: '/v1.0/hrm/employees/dimissionInfos',
	roster: '/v1.0/hrm/rosters/lists/query',
} as const;

/** queryonjob / querypreentry: size 1–50 (docs and the official SDK's request check). */
export const HRM_PAGE_SIZE = 50;
/** dismissions: maxResults ≤ 50 (default 30). */
export const DISMISSION_PAGE_SIZE = 50;
/** dimissionInfos: 1–50 userids per call. */
export const DISMISSION_INFO_BATCH = 50;
/** rosters/lists/query: ≤ 100 userids and ≤ 100 field codes per call. */
export const ROSTER_USER_BATCH = 100;
export const ROSTER_FIELD_MAX = 100;

export const HRM_PERMISSION = 'qyapi_hrm_read_user';

/** On-the-job sub-statuses (status_list): 2 probation, 3 regular, 5 to be resigned, -1 no status. */
export const ON_JOB_STATUSES = { probation: 2, regular: 3, toBeResigned: 5, noStatus: -1 } as const;
export type OnJobStatus = keyof typeof ON_JOB_STATUSES;

const PERMISSION_HINT = `The app lacks DingTalk's HR roster permission "${HRM_PERMISSION}" (智能人事个人信息读权限). DingTalk developer console → your app → Permissions (权限管理): search 智能人事, grant 智能人事个人信息读权限, then publish a new version of the app. The organisation must also use DingTalk HR (智能人事).`;

const NOT_OPEN_HINT =
	'The organisation has not enabled DingTalk HR (智能人事, corpNotOpenHrm). An administrator opens it from the DingTalk workbench (工作台 → 智能人事); only employees recorded after that are listed.';

const AGENT_HINT =
	'DingTalk refused the roster read: check "Agent ID" (developer console → your app → Basic information → AgentId; it must be the AgentId of the app whose App Key the credential holds) and that every userid belongs to a current employee or pre-hire of the organisation.';

/**
 * The same failure with the fix that fits an HR call: a missing permission (60011 on oapi,
 * 403 AccessTokenPermissionDenied or 400 noPermission on the new API) and HR not enabled
 * stop the run with the permission named; a refused roster read names the Agent ID.
 */
export function explainHrmError(error: unknown): unknown {
	if (!(error instanceof DirectoryApiError) || error.errcode === undefined) return error;
	const code = String(error.errcode);
	const last = code.split('.').pop() ?? code;
	if (code === '60011' || last === 'AccessTokenPermissionDenied' || code === 'noPermission' || code === '400020') {
		return error.withDetails({ errorClass: 'config', hint: PERMISSION_HINT });
	}
	if (code === 'corpNotOpenHrm') return error.withDetails({ errorClass: 'config', hint: NOT_OPEN_HINT });
	if (code === 'invalidParameter' && error.path === HRM_PATHS.roster) return error.withDetails({ hint: AGENT_HINT });
	return error;
}

async function guarded<T>(call: () => Promise<T>): Promise<T> {
	try {
		return await call();
	} catch (error) {
		throw explainHrmError(error);
	}
}

function noProgress(path: string, detail: string): DirectoryApiError {
	return new DirectoryApiError({ provider: 'DingTalk', errorClass: 'transient', path, errmsg: detail });
}

// ---- oapi id lists ---------------------------------------------------------------------------

interface OffsetPage {
	data_list?: unknown[];
	next_cursor?: number | null;
}

/**
 * Every userid of an offset-paged HRM list, following next_cursor; stops at `limit`. A page
 * without next_cursor is the last one (the docs' rule). A next_cursor that does not move past
 * the offset is taken as the end too: DingTalk's own examples show `next_cursor: 0` on a last
 * page, so failing on it would fail real answers.
 */
async function offsetList(client: DingTalkClient, path: string, body: IDataObject, limit?: number): Promise<string[]> {
	const out: string[] = [];
	let offset = 0;
	for (;;) {
		const size = limit === undefined ? HRM_PAGE_SIZE : Math.min(HRM_PAGE_SIZE, limit - out.length);
		const answer = await guarded(async () => await client.transport.call<{ result?: OffsetPage }>('POST', path, { body: { ...body, offset, size } }));
		const page = answer.result ?? {};
		const list = (page.data_list ?? []).map((id) => String(id));
		out.push(...list);
		if (limit !== undefined && out.length >= limit) break;
		const next = page.next_cursor;
		if (typeof next !== 'number' || next <= offset || list.length === 0) break;
		offset = next;
	}
	return limit === undefined ? out : out.slice(0, limit);
}

/** The userids of on-the-job employees in one sub-status. */
export async function listOnJob(client: DingTalkClient, status: OnJobStatus, limit?: number): Promise<string[]> {
	return await offsetList(client, HRM_PATHS.onJob, { status_list: String(ON_JOB_STATUSES[status]) }, limit);
}

/** The (temporary) userids of pre-hires (待入职). They change when the person joins. */
export async function listPreEntry(client: DingTalkClient, limit?: number): Promise<string[]> {
	return await offsetList(client, HRM_PATHS.preEntry, {}, limit);
}

// ---- resigned (new API) ----------------------------------------------------------------------

export interface DismissionPage {
	userids: string[];
	hasMore: boolean;
	nextToken?: number;
}

/** One page of resigned userids (dismissions): nextToken 0 first, then the answer's nextToken. */
export async function dismissionPage(api: Transport, nextToken: number, maxResults = DISMISSION_PAGE_SIZE): Promise<DismissionPage> {
	const answer = await guarded(
		async () =>
			await api.call<{ nextToken?: number; hasMore?: boolean; userIdList?: unknown[] }>('GET', HRM_PATHS.dismissions, {
				qs: { nextToken, maxResults: Math.min(DISMISSION_PAGE_SIZE, Math.max(1, maxResults)) },
			}),
	);
	const page: DismissionPage = { userids: (answer.userIdList ?? []).map((id) => String(id)), hasMore: answer.hasMore === true };
	if (typeof answer.nextToken === 'number') page.nextToken = answer.nextToken;
	return page;
}

/**
 * Walk the resigned list page by page. `onPage` gets each page's userids and returns false to
 * stop (a limit reached). A page that says hasMore without a new nextToken is an error, not a
 * silent end: the list would be cut short.
 */
export async function walkDismissions(
	api: Transport,
	onPage: (userids: string[]) => Promise<boolean>,
	pageSize: () => number = () => DISMISSION_PAGE_SIZE,
): Promise<void> {
	let token = 0;
	for (;;) {
		const page = await dismissionPage(api, token, pageSize());
		const more = await onPage(page.userids);
		if (!more || !page.hasMore) return;
		if (page.nextToken === undefined || page.nextToken === token) {
			throw noProgress(HRM_PATHS.dismissions, `hasMore without a new nextToken (${String(page.nextToken)}) after ${token}`);
		}
		token = page.nextToken;
	}
}

export interface DismissionInfo {
	userId: string;
	name?: string;
	lastWorkDay?: number;
	deptList?: Array<{ dept_id?: number; dept_path?: string }>;
	reasonMemo?: string;
	preStatus?: number;
	handoverUserId?: string;
	status?: number;
	mainDeptName?: string;
	mainDeptId?: number;
	voluntaryReason?: string[];
	passiveReason?: string[];
	[key: string]: unknown;
}

/**
 * Resignation details of up to 50 userids in one call (dimissionInfos). `userIdList` goes in
 * the query string as a JSON array, as the official SDK sends it (style "json"). Userids
 * that are not resigned or resigning get no record.
 */
export async function dismissionInfos(api: Transport, userids: readonly string[]): Promise<DismissionInfo[]> {
	if (userids.length === 0) return [];
	if (userids.length > DISMISSION_INFO_BATCH) throw new RangeError(`dimissionInfos takes at most ${DISMISSION_INFO_BATCH} userids`);
	const answer = await guarded(
		async () => await api.call<{ result?: DismissionInfo[] }>('GET', HRM_PATHS.dismissionInfos, { qs: { userIdList: JSON.stringify(userids) } }),
	);
	return answer.result ?? [];
}

// ---- roster fields (new API) -----------------------------------------------------------------

export interface RosterFieldValue {
	itemIndex?: number;
	label?: string;
	value?: string;
}

export interface RosterField {
	fieldCode: string;
	fieldName?: string;
	groupId?: string;
	fieldValueList?: RosterFieldValue[];
}

export interface RosterRecord {
	userId: string;
	corpId?: string;
	unionId?: string;
	fieldDataList?: RosterField[];
	[key: string]: unknown;
}

function chunk<T>(list: readonly T[], size: number): T[][] {
	return Array.from({ length: Math.ceil(list.length / size) }, (_, k) => list.slice(k * size, (k + 1) * size));
}

/**
 * Roster fields of any number of userids: 100 userids per call (the API's maximum), calls in
 * parallel within the client's pool. `fieldCodes` empty reads every field. Records come back
 * in the order of `userids`; a userid DingTalk answers nothing for is left out.
 */
export async function rosterFields(
	api: Transport,
	agentId: number,
	userids: readonly string[],
	fieldCodes: readonly string[],
): Promise<RosterRecord[]> {
	if (fieldCodes.length > ROSTER_FIELD_MAX) throw new RangeError(`rosters/lists/query takes at most ${ROSTER_FIELD_MAX} field codes`);
	const batches = chunk([...new Set(userids)], ROSTER_USER_BATCH);
	const answers = await mapConcurrent(batches, api.concurrency, async (batch) => {
		const body: IDataObject = { userIdList: batch, appAgentId: agentId };
		if (fieldCodes.length > 0) body.fieldFilterList = [...fieldCodes];
		const answer = await guarded(async () => await api.call<{ result?: RosterRecord[] }>('POST', HRM_PATHS.roster, { body }));
		return answer.result ?? [];
	});
	const byId = new Map<string, RosterRecord>();
	for (const list of answers) for (const record of list) byId.set(String(record.userId), record);
	return [...new Set(userids)].map((id) => byId.get(id)).filter((r): r is RosterRecord => r !== undefined);
}
