import type { IDataObject } from 'n8n-workflow';

import { InputValidationError } from '../transport/errors';
import type { FieldRule } from './fieldTable';
import { applyFields } from './fieldTable';
import {
	requireBoolean,
	requireDepartmentId,
	requireDepartmentIds,
	requireDepartmentName,
	requireInteger,
	requireOneOf,
	requireText,
	requireUserId,
	requireUserIds,
} from './validate';

// The permit lists are comma-separated strings, like every list parameter of these endpoints.
const deptList = (v: unknown, label: string) => requireDepartmentIds(v, label, 1000).join(',');
const userList = (v: unknown, label: string) => requireUserIds(v, label).join(',');

/** Fields create and update share (docs/api-notes.md, DingTalk §2). */
const COMMON: Record<string, FieldRule> = {
	name: { api: 'name', label: 'Name', parse: (v, label) => requireDepartmentName(v, label) },
	parentId: { api: 'parent_id', label: 'Parent Department', parse: (v, label) => requireDepartmentId(v, label) },
	hideDept: { api: 'hide_dept', label: 'Hide Department', parse: requireBoolean },
	deptPermits: { api: 'dept_permits', label: 'Visible to Departments', parse: deptList },
	userPermits: { api: 'user_permits', label: 'Visible to Users', parse: userList },
	outerDept: { api: 'outer_dept', label: 'Restrict Contacts View', parse: requireBoolean },
	outerDeptOnlySelf: { api: 'outer_dept_only_self', label: 'Members See Only Themselves', parse: requireBoolean },
	outerPermitUsers: { api: 'outer_permit_users', label: 'Members Also See Users', parse: userList },
	outerPermitDepts: { api: 'outer_permit_depts', label: 'Members Also See Departments', parse: deptList },
	createDeptGroup: { api: 'create_dept_group', label: 'Create Department Group', parse: requireBoolean },
	autoApproveApply: { api: 'auto_approve_apply', label: 'Auto-Approve Join Requests', parse: requireBoolean },
	order: { api: 'order', label: 'Order', parse: (v, label) => requireInteger(v, label) },
	sourceIdentifier: { api: 'source_identifier', label: 'Source Identifier', parse: (v, label) => requireText(v, label, 100) },
};

const UPDATE: Record<string, FieldRule> = {
	...COMMON,
	language: { api: 'language', label: 'Language', parse: (v, label) => requireOneOf(v, label, ['zh_CN', 'en_US'] as const) },
	autoAddUser: { api: 'auto_add_user', label: 'Auto-Add New Members to Group', parse: requireBoolean },
	managerUserids: { api: 'dept_manager_userid_list', label: 'Managers', parse: userList },
	groupContainSubDept: { api: 'group_contain_sub_dept', label: 'Group Includes Sub-Departments', parse: requireBoolean },
	groupContainOuterDept: { api: 'group_contain_outer_dept', label: 'Group Includes Restricted Departments', parse: requireBoolean },
	groupContainHiddenDept: { api: 'group_contain_hidden_dept', label: 'Group Includes Hidden Departments', parse: requireBoolean },
	orgDeptOwner: { api: 'org_dept_owner', label: 'Group Owner', parse: (v, label) => requireUserId(v, label) },
	replaceManagers: {
		api: 'force_update_fields',
		label: 'Replace Managers',
		// force_update_fields accepts only dept_manager_userid_list: an empty list then clears the managers.
		parse: (v, label) => (requireBoolean(v, label) ? 'dept_manager_userid_list' : undefined),
	},
	code: { api: 'code', label: 'Code', parse: (v, label) => requireText(v, label, 30) },
};

/** The v2/department/create body: name and parent are required. */
export function buildCreateDepartment(input: IDataObject): IDataObject {
	requireDepartmentName(input.name, 'Name');
	requireDepartmentId(input.parentId, 'Parent Department');
	return applyFields(COMMON, input);
}

/** The v2/department/update body for one department; at least one field must change. */
export function buildUpdateDepartment(deptId: number, input: IDataObject): IDataObject {
	const body = applyFields(UPDATE, input);
	if (body.force_update_fields === undefined) delete body.force_update_fields;
	if (body.parent_id === deptId) throw new InputValidationError('Parent Department', 'cannot be the department itself');
	if (Object.keys(body).length === 0) throw new InputValidationError('Update Fields', 'choose at least one field to change');
	return { dept_id: deptId, ...body };
}
