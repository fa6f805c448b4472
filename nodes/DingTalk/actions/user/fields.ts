import type { INodeProperties } from 'n8n-workflow';

const departmentPairs = (valueName: 'order' | 'title'): INodeProperties['options'] => [
	{
		displayName: 'Entry',
		name: 'values',
		values: [
			{ displayName: 'Department ID', name: 'departmentId', description: 'The ID of the department', type: 'string', default: '', placeholder: 'e.g. 2' },
			valueName === 'order'
				? { displayName: 'Order', name: 'order', type: 'number', default: 0, description: 'Position in that department' }
				: { displayName: 'Title', name: 'title', type: 'string', default: '', description: 'Job title in that department' },
		],
	},
];

/** Optional user fields create and update share (docs/api-notes.md, DingTalk §3.3). Names match lib/dingtalk/userInput.ts. */
export const userOptions: INodeProperties[] = [
	{
		displayName: 'Department Positions (JSON)',
		name: 'deptPositions',
		type: 'json',
		default: '[]',
		description: 'Positions per department, as a JSON list of objects (department ID, title…) in the form DingTalk documents for this field; sent unchanged',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'Personal email (at most 50 characters, unique in the organisation)',
	},
	{
		displayName: 'Extension (JSON)',
		name: 'extension',
		type: 'json',
		default: '{}',
		description: 'Custom fields as a JSON object of text values, e.g. {"爱好":"旅游"}. Each field must first be defined in the admin console. At most 2000 characters.',
	},
	{
		displayName: 'Extension I18n (JSON)',
		name: 'extensionI18n',
		type: 'json',
		default: '{}',
		description: 'Translations of the custom fields, as a JSON object in the form DingTalk documents; sent unchanged',
	},
	{
		displayName: 'Hide Mobile',
		name: 'hideMobile',
		type: 'boolean',
		default: false,
		description: 'Whether the mobile number is hidden from other members',
	},
	{
		displayName: 'Hired Date',
		name: 'hiredDate',
		type: 'dateTime',
		default: '',
		description: 'When the user joined the company',
	},
	{
		displayName: 'Job Number',
		name: 'jobNumber',
		type: 'string',
		default: '',
		description: 'Employee number (at most 50 characters)',
	},
	{
		displayName: 'Login Email',
		name: 'loginEmail',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'An email address the user can sign in with',
	},
	{
		displayName: 'Manager User ID',
		name: 'managerUserid',
		type: 'string',
		default: '',
		description: 'The userid of the direct manager',
	},
	{
		displayName: 'Order in Departments',
		name: 'deptOrders',
		description: 'The user\'s position in the member list of each department',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		options: departmentPairs('order'),
	},
	{
		displayName: 'Org Email',
		name: 'orgEmail',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'The company mailbox address',
	},
	{
		displayName: 'Org Email Type',
		name: 'orgEmailType',
		description: 'The kind of company mailbox to create for the user',
		type: 'options',
		default: 'profession',
		options: [
			{ name: 'Professional', value: 'profession' },
			{ name: 'Basic', value: 'base' },
		],
	},
	{
		displayName: 'Remark',
		name: 'remark',
		type: 'string',
		default: '',
		description: 'Notes (at most 2000 characters)',
	},
	{
		displayName: 'Senior Mode',
		name: 'seniorMode',
		type: 'boolean',
		default: false,
		description: 'Whether senior mode is on (other members cannot see the number or call directly)',
	},
	{
		displayName: 'Telephone',
		name: 'telephone',
		type: 'string',
		default: '',
		description: 'Extension number (at most 50 characters, unique in the organisation)',
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		description: 'Job title (at most 200 characters)',
	},
	{
		displayName: 'Title in Departments',
		name: 'deptTitles',
		description: 'A different job title per department',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		options: departmentPairs('title'),
	},
	{
		displayName: 'Work Place',
		name: 'workPlace',
		type: 'string',
		default: '',
		description: 'Office location (at most 100 characters)',
	},
];

/** Collection options in alphabetical order, as n8n lists them. */
export function sortedByName(options: INodeProperties[]): INodeProperties[] {
	return [...options].sort((a, b) => a.displayName.localeCompare(b.displayName));
}
