import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { MemberDepartmentEntry, MemberInput } from '../../../../lib/wecom/memberBody';
import { departmentsFromEntries } from '../../../../lib/wecom/memberBody';
import { departmentLocator } from '../common.descriptions';

/** The member's departments: one row each, the department from the picker or an ID / expression. */
export const departmentsField: INodeProperties = {
	displayName: 'Departments',
	name: 'departments',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	default: {},
	placeholder: 'Add Department',
	description:
		'The departments the member belongs to (at most 100). Without any, WeCom puts the member in "待设置部门" (departments to be set up). For a department ID that does not exist, see "If a Department Does Not Exist".',
	options: [
		{
			displayName: 'Department',
			name: 'department',
			description: 'The department ID',
			values: [
				departmentLocator({
					displayName: 'Department',
					name: 'departmentId',
					description: 'Pick the department, or give its ID (an expression such as {{ $json.departmentId }} works)',
				}),
				{
					displayName: 'Leader',
					name: 'isLeader',
					type: 'boolean',
					default: false,
					description: 'Whether the member leads this department',
				},
				{
					displayName: 'Main Department',
					name: 'isMain',
					type: 'boolean',
					default: false,
					description: "Whether this is the member's main department (at most one; WeCom uses the first department otherwise)",
				},
				{
					displayName: 'Order',
					name: 'order',
					type: 'number',
					default: 0,
					typeOptions: { minValue: 0 },
					description: 'Sort order of the member in this department; larger values come first',
				},
			],
		},
	],
};

/**
 * Create and Update: a department ID that does not exist. WeCom accepts it and creates the
 * department under "待设置部门" — usually a mapping bug, so the default refuses the item first.
 */
export const ifDepartmentMissingField: INodeProperties = {
	displayName: 'If a Department Does Not Exist',
	name: 'ifDepartmentMissing',
	type: 'options',
	default: 'fail',
	description:
		'What to do when a department ID in Departments does not exist. The department IDs are read once per run to check.',
	options: [
		{
			name: 'Fail',
			value: 'fail',
			description: 'Refuse the item before any write, with an error naming the field, the department IDs and what to change',
		},
		{
			name: 'Let WeCom Create It',
			value: 'create',
			description:
				'Send it as is: WeCom creates the department under "待设置部门" and puts the member there. The item carries missingDepartments and a warning naming the departments; on Create also WeCom\'s created_department_list (createdDepartments).',
		},
	],
};

const mobileHint =
	'Digits, optionally with + and the country code (+86 is optional for mainland numbers); unique in the organisation.';

/** Optional member fields Create and Update share. */
const SHARED_MEMBER_FIELDS: INodeProperties[] = [
	{ displayName: 'Address', name: 'address', type: 'string', default: '', description: 'At most 128 characters' },
	{ displayName: 'Alias', name: 'alias', type: 'string', default: '', description: 'Another name for the member, 1 to 64 characters' },
	{
		displayName: 'Avatar Media ID',
		name: 'avatarMediaId',
		type: 'string',
		default: '',
		description: 'The media_id of an image uploaded with WeCom\'s media upload API',
	},
	{
		displayName: 'Business Email',
		name: 'bizMail',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'The business mailbox (only when the organisation has WeCom business mail), 6 to 64 bytes',
	},
	{
		displayName: 'Direct Leader',
		name: 'directLeader',
		type: 'string',
		default: '',
		placeholder: 'e.g. lisi',
		description: "The userid of the member's direct leader. WeCom allows one.",
	},
	{
		displayName: 'Enabled',
		name: 'enabled',
		type: 'boolean',
		default: true,
		description: 'Whether the member may use WeCom (off disables the account)',
	},
	{
		displayName: 'Extended Attributes (JSON)',
		name: 'extattr',
		type: 'json',
		default: '{"attrs": []}',
		description:
			'Custom fields defined in the admin console, e.g. {"attrs": [{"type": 0, "name": "工号", "text": {"value": "E001"}}]}. Type 0 is text, 1 a web link, 2 a mini program. WeCom drops attributes the console does not define.',
	},
	{
		displayName: 'External Position',
		name: 'externalPosition',
		type: 'string',
		default: '',
		description: 'The position shown to external contacts, at most 12 characters',
	},
	{
		displayName: 'External Profile (JSON)',
		name: 'externalProfile',
		type: 'json',
		default: '{}',
		description: 'The profile shown to external contacts, e.g. {"external_corp_name": "Example Ltd", "external_attr": []}',
	},
	{
		displayName: 'Gender',
		name: 'gender',
		description: 'The gender shown in the directory',
		type: 'options',
		default: '1',
		options: [
			{ name: 'Male', value: '1' },
			{ name: 'Female', value: '2' },
		],
	},
	{ displayName: 'Position', name: 'position', type: 'string', default: '', description: 'Job title, at most 128 characters' },
	{
		displayName: 'Telephone',
		name: 'telephone',
		type: 'string',
		default: '',
		placeholder: 'e.g. 010-12345678',
		description: 'Landline number: digits and - + , only, at most 32',
	},
];

/** Only Create: the invitation. */
const CREATE_ONLY_FIELDS: INodeProperties[] = [
	{
		displayName: 'Invite to WeCom',
		name: 'toInvite',
		type: 'boolean',
		default: true,
		description: 'Whether WeCom invites the member by SMS or email (re-sent daily for up to 3 working days)',
	},
];

/** Only Update: what Create asks for as required fields. */
const UPDATE_ONLY_FIELDS: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'Personal email, 6 to 64 bytes, unique in the organisation. WeCom ignores it while Tencent Exmail is bound.',
	},
	{
		displayName: 'Mobile',
		name: 'mobile',
		type: 'string',
		default: '',
		description: `${mobileHint} WeCom ignores a new mobile number without error once the member has activated WeCom`,
	},
	{ displayName: 'Name', name: 'name', type: 'string', default: '', description: '1 to 64 characters' },
];

/** Optional member fields, shared by Create (Additional Fields) and Update (Update Fields), sorted by name. */
export function memberFields(kind: 'create' | 'update'): INodeProperties[] {
	const own = kind === 'create' ? CREATE_ONLY_FIELDS : UPDATE_ONLY_FIELDS;
	return [...SHARED_MEMBER_FIELDS, ...own].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

export const createMobileEmail: INodeProperties[] = [
	{
		displayName: 'Mobile',
		name: 'mobile',
		type: 'string',
		default: '',
		placeholder: 'e.g. 13800000000',
		description: `${mobileHint} Mobile or Email is required`,
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'Personal email, 6 to 64 bytes, unique in the organisation. Mobile or Email is required.',
	},
];

/** The Departments rows of item i, with the picker's value taken out (a picked entry, an ID, or an expression's result). */
function departmentEntries(ctx: IExecuteFunctions, i: number): MemberDepartmentEntry[] {
	const rows = (ctx.getNodeParameter('departments.department', i, []) as Array<Record<string, unknown>>) ?? [];
	return rows.map((row) => {
		const picked = row.departmentId as { value?: unknown } | string | number | undefined;
		const id = picked && typeof picked === 'object' && !Array.isArray(picked) ? picked.value : picked;
		return { id, order: row.order, isLeader: row.isLeader, isMain: row.isMain };
	});
}

/** Item i's member, as the parameters describe it (validated later, before any call). */
export function readMember(ctx: IExecuteFunctions, i: number, kind: 'create' | 'update'): MemberInput {
	const extra = ctx.getNodeParameter(kind === 'create' ? 'additionalFields' : 'updateFields', i, {}) as Record<string, unknown>;
	const entries = departmentEntries(ctx, i);
	const top = kind === 'create' ? { name: ctx.getNodeParameter('name', i), mobile: ctx.getNodeParameter('mobile', i), email: ctx.getNodeParameter('email', i) } : {};
	return {
		...extra,
		...top,
		userid: ctx.getNodeParameter('userId', i),
		departments: entries.length ? departmentsFromEntries(entries) : undefined,
	};
}
