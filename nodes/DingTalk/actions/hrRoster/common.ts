import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import type { DismissionInfo, RosterField, RosterRecord } from '../../../../lib/dingtalk/hrm';
import { newApiTransport } from '../../../../lib/dingtalk/newApi';
import type { Transport } from '../../../../lib/transport/transport';

type Show = NonNullable<IDisplayOptions['show']>;

/** The new-API transport of this run's client, on n8n's own HTTP helper (proxy and TLS settings apply). */
export function hrmApi(ctx: IExecuteFunctions, client: DingTalkClient): Transport {
	return newApiTransport(client, async (options) => await ctx.helpers.httpRequest(options));
}

export const agentIdField = (show: Show = {}): INodeProperties => ({
	displayName: 'Agent ID',
	name: 'agentId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 1185599675',
	description:
		"The AgentId of the DingTalk app whose App Key this credential holds (developer console → your app → Basic information). DingTalk's roster read requires it.",
	...(Object.keys(show).length > 0 ? { displayOptions: { show } } : {}),
});

export const fieldCodesField = (defaultCodes: string, show: Show = {}, required = false): INodeProperties => ({
	displayName: 'Field Codes',
	name: 'fieldCodes',
	type: 'string',
	default: defaultCodes,
	required,
	placeholder: 'e.g. sys00-name, sys00-confirmJoinTime',
	description:
		'Roster field codes separated by commas (at most 100), such as sys00-name, sys00-mobile, sys00-confirmJoinTime (hire date), sys01-regularTime (confirmation date), sys01-employeeType, or a custom field\'s code. Leave empty to read every field.',
	...(Object.keys(show).length > 0 ? { displayOptions: { show } } : {}),
});

export const rosterOutputField: INodeProperties = {
	displayName: 'Output',
	name: 'rosterOutput',
	description: 'The shape of each output item',
	type: 'options',
	default: 'simplified',
	options: [
		{
			name: 'Simplified',
			value: 'simplified',
			description: 'Readable names for the common fields (name, mobile, hireDate …) and every field by code under "fields"',
		},
		{ name: 'Raw', value: 'raw', description: 'The records exactly as DingTalk returns them' },
	],
};

/** Common roster codes under readable names (the codes from DingTalk's "roster custom field business code" page). */
const READABLE: Record<string, string> = {
	'sys00-name': 'name',
	'sys00-email': 'email',
	'sys00-mobile': 'mobile',
	'sys00-jobNumber': 'jobNumber',
	'sys00-position': 'position',
	'sys00-mainDeptId': 'mainDepartmentId',
	'sys00-mainDept': 'mainDepartment',
	'sys00-deptIds': 'departmentIds',
	'sys00-dept': 'departments',
	'sys00-workPlace': 'workPlace',
	'sys00-confirmJoinTime': 'hireDate',
	'sys01-employeeType': 'employeeType',
	'sys01-employeeStatus': 'employeeStatus',
	'sys01-regularTime': 'regularDate',
	'sys01-positionLevel': 'positionLevel',
};

/** A field's display value: the label (an option's text), else the value; a detail group with several entries gives a list. */
function display(field: RosterField): string | string[] | undefined {
	const entries = (field.fieldValueList ?? []).map((v) => (v.label !== undefined && v.label !== '' ? v.label : v.value)).filter((v): v is string => v !== undefined);
	if (entries.length === 0) return undefined;
	return entries.length === 1 ? entries[0] : entries;
}

/**
 * A roster record as an item: the common fields under readable names, every field read
 * under `fields` by its code. `renames` gives some readable names a meaning of their own
 * (a pre-hire's hire date is the expected start date).
 */
export function shapeRoster(record: RosterRecord, renames: Record<string, string> = {}): IDataObject {
	const item: IDataObject = {};
	const fields: IDataObject = {};
	for (const field of record.fieldDataList ?? []) {
		const value = display(field);
		if (value === undefined) continue;
		fields[field.fieldCode] = value;
		const readable = READABLE[field.fieldCode];
		if (readable) item[renames[readable] ?? readable] = readable === 'mainDepartmentId' && /^\d+$/.test(String(value)) ? Number(value) : value;
	}
	item.fields = fields;
	return item;
}

const DISMISSION_STATUS: Record<number, string> = {
	1: 'toBeResigned',
	2: 'resigned',
	3: 'notResigning',
	4: 'approvalPending',
	5: 'invalid',
};

const PRE_STATUS: Record<number, string> = { 1: 'preHire', 2: 'probation', 3: 'regular' };

/** A resignation record as an item (dimissionInfos; docs/dingtalk-hrm-reference.md §4). */
export function shapeDismission(info: DismissionInfo): IDataObject {
	const item: IDataObject = { userid: info.userId };
	if (info.name) item.name = info.name;
	if (typeof info.status === 'number') {
		item.status = DISMISSION_STATUS[info.status] ?? String(info.status);
		item.statusCode = info.status;
	}
	if (typeof info.lastWorkDay === 'number' && info.lastWorkDay > 0) item.lastWorkDay = new Date(info.lastWorkDay).toISOString();
	if (typeof info.preStatus === 'number') {
		item.statusBefore = PRE_STATUS[info.preStatus] ?? String(info.preStatus);
		item.statusBeforeCode = info.preStatus;
	}
	if (info.reasonMemo) item.reasonMemo = info.reasonMemo;
	item.voluntaryReasons = info.voluntaryReason ?? [];
	item.passiveReasons = info.passiveReason ?? [];
	if (info.handoverUserId) item.handoverUserid = info.handoverUserId;
	if (info.mainDeptId !== undefined || info.mainDeptName !== undefined) {
		const main: IDataObject = {};
		if (info.mainDeptId !== undefined) main.id = info.mainDeptId;
		if (info.mainDeptName !== undefined) main.name = info.mainDeptName;
		item.mainDepartment = main;
	}
	item.departments = (info.deptList ?? []).map((d) => ({ id: d.dept_id, path: d.dept_path }));
	return item;
}
