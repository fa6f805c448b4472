import type { INodeProperties } from 'n8n-workflow';

export { departmentLocator } from '../../shared/descriptions';

export const userOutputField: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	description: 'The shape of each output item',
	type: 'options',
	default: 'simplified',
	options: [
		{
			name: 'Simplified',
			value: 'simplified',
			description: 'Readable field names, dates as ISO text, departments with names, paths and leader flags',
		},
		{
			name: 'Raw',
			value: 'raw',
			description: 'The fields exactly as DingTalk returns them, plus department_names and department_paths when known',
		},
		{
			name: 'Compact (for Large Directories)',
			value: 'compact',
			description: 'The raw fields that Map to IAM User and the syncs read, with department paths: leaves out per-department order and the union employee extension, and department names. About half the memory of Raw.',
		},
	],
};

export const languageField: INodeProperties = {
	displayName: 'Language',
	name: 'language',
	type: 'options',
	default: 'zh_CN',
	options: [
		{ name: 'Chinese', value: 'zh_CN' },
		{ name: 'English', value: 'en_US' },
	],
	description: 'Which department names DingTalk returns',
};

/** The user ID parameter of single-user operations. */
export const userIdField: INodeProperties = {
	displayName: 'User ID',
	name: 'userId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. manager4220',
	description: 'The DingTalk userid of the user',
};

/** A multi-select of departments (a user belongs to 1–100). */
export function departmentsField(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Department Names or IDs',
		name: 'departmentIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getDepartments' },
		default: [],
		description:
			'The departments the user belongs to (1 to 100). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		...overrides,
	};
}
