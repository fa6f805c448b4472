import type { IDataObject } from 'n8n-workflow';

import { InputValidationError } from '../transport/errors';
import type { FieldRule } from './fieldTable';
import { applyFields } from './fieldTable';
import {
	isBlank,
	requireBoolean,
	requireDateMs,
	requireDepartmentId,
	requireDepartmentIds,
	requireEmail,
	requireInteger,
	requireJson,
	requireMobile,
	requireOneOf,
	requireText,
	requireUserId,
} from './validate';

const text = (max: number) => (v: unknown, label: string) => requireText(v, label, max);

function departmentPairs(valueKey: 'order' | 'title') {
	return (value: unknown, label: string) => {
		const list = requireJson(value, label, 'array') as unknown[];
		return list.map((entry) => {
			const e = (entry ?? {}) as IDataObject;
			const deptId = requireDepartmentId(e.departmentId ?? e.dept_id, `${label}: Department`);
			return valueKey === 'order'
				? { dept_id: deptId, order: requireInteger(e.order, `${label}: Order`) }
				: { dept_id: deptId, title: requireText(e.title, `${label}: Title`, 200) };
		});
	};
}

/**
 * The extension (custom fields defined in the admin console) as DingTalk takes it: a JSON
 * object of text values, sent as a string of at most 2000 characters.
 */
function extension(value: unknown, label: string): string {
	const object = requireJson(value, label, 'object') as IDataObject;
	for (const [key, v] of Object.entries(object)) {
		if (typeof v === 'number' || typeof v === 'boolean') object[key] = String(v);
		else if (typeof v !== 'string') throw new InputValidationError(label, `"${key}" must be text`);
	}
	const json = JSON.stringify(object);
	if (json.length > 2000) throw new InputValidationError(label, `must be at most 2000 characters as JSON (got ${json.length})`);
	return json;
}

/** Fields create and update share (docs/api-notes.md, DingTalk §3.3). */
const COMMON: Record<string, FieldRule> = {
	name: { api: 'name', label: 'Name', parse: text(80) },
	departmentIds: {
		api: 'dept_id_list',
		label: 'Departments',
		// A comma-separated string, not an array: that is what v2/user/create takes.
		parse: (v, label) => requireDepartmentIds(v, label).join(','),
	},
	hideMobile: { api: 'hide_mobile', label: 'Hide Mobile', parse: requireBoolean },
	telephone: { api: 'telephone', label: 'Telephone', parse: text(50) },
	jobNumber: { api: 'job_number', label: 'Job Number', parse: text(50) },
	title: { api: 'title', label: 'Title', parse: text(200) },
	email: { api: 'email', label: 'Email', parse: (v, label) => requireEmail(v, label, 50) },
	orgEmail: { api: 'org_email', label: 'Org Email', parse: (v, label) => requireEmail(v, label) },
	orgEmailType: {
		api: 'org_email_type',
		label: 'Org Email Type',
		parse: (v, label) => requireOneOf(v, label, ['profession', 'base'] as const),
	},
	workPlace: { api: 'work_place', label: 'Work Place', parse: text(100) },
	remark: { api: 'remark', label: 'Remark', parse: (v, label) => requireText(v, label, 2000, { multiline: true }) },
	deptOrders: { api: 'dept_order_list', label: 'Order in Departments', parse: departmentPairs('order') },
	deptTitles: { api: 'dept_title_list', label: 'Title in Departments', parse: departmentPairs('title') },
	extension: { api: 'extension', label: 'Extension', parse: extension },
	seniorMode: { api: 'senior_mode', label: 'Senior Mode', parse: requireBoolean },
	hiredDate: { api: 'hired_date', label: 'Hired Date', parse: requireDateMs },
	managerUserid: { api: 'manager_userid', label: 'Manager User ID', parse: (v, label) => requireUserId(v, label) },
	loginEmail: { api: 'login_email', label: 'Login Email', parse: (v, label) => requireEmail(v, label) },
	deptPositions: { api: 'dept_position_list', label: 'Department Positions', parse: (v, label) => requireJson(v, label, 'array') },
	extensionI18n: { api: 'extension_i18n', label: 'Extension I18n', parse: (v, label) => requireJson(v, label, 'object') },
};

const CREATE: Record<string, FieldRule> = {
	...COMMON,
	userid: { api: 'userid', label: 'User ID', parse: (v, label) => requireUserId(v, label) },
	mobile: { api: 'mobile', label: 'Mobile', parse: (v, label) => requireMobile(v, label) },
};

const UPDATE: Record<string, FieldRule> = {
	...COMMON,
	extAttrsUpdateMode: {
		api: 'ext_attrs_update_mode',
		label: 'Extension Update Mode',
		parse: (v, label) => (requireOneOf(v, label, ['overwrite', 'append'] as const) === 'append' ? 1 : 0),
	},
	clearManager: {
		api: 'force_update_fields',
		label: 'Clear Manager',
		// force_update_fields accepts only manager_userid: send it so an empty manager clears it.
		parse: (v, label) => (requireBoolean(v, label) ? 'manager_userid' : undefined),
	},
};

/** The v2/user/create body. Name, mobile and departments are required; every given field is checked. */
export function buildCreateUser(input: IDataObject): IDataObject {
	requireText(input.name, 'Name', 80);
	requireMobile(input.mobile, 'Mobile');
	requireDepartmentIds(input.departmentIds, 'Departments');
	return applyFields(CREATE, input);
}

/**
 * The v2/user/update body. A mobile change is refused here: DingTalk answers 40022 to any
 * mobile change, so the only way is to delete the user and add them again.
 */
export function buildUpdateUser(userid: string, input: IDataObject): IDataObject {
	if (!isBlank(input.mobile)) {
		throw new InputValidationError(
			'Mobile',
			"DingTalk cannot change a user's mobile number (40022). Delete the user and add them again with the new number.",
		);
	}
	const body = applyFields(UPDATE, input);
	if (body.force_update_fields === undefined) delete body.force_update_fields;
	if (Object.keys(body).length === 0) throw new InputValidationError('Update Fields', 'choose at least one field to change');
	return { userid, ...body };
}
