import type { INodeProperties } from 'n8n-workflow';

/** The department picker: a searchable list of departments with their paths, or an ID. */
export function departmentLocator(overrides: Partial<INodeProperties> & Pick<INodeProperties, 'name' | 'displayName'>): INodeProperties {
	return {
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a department…',
				typeOptions: { searchListMethod: 'searchDepartments', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 1',
				validation: [
					{ type: 'regex', properties: { regex: '^[0-9]+$', errorMessage: 'A department ID is a whole number' } },
				],
			},
		],
		...overrides,
	} as INodeProperties;
}

export const memberOutputField: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	default: 'simplified',
	options: [
		{
			name: 'Simplified',
			value: 'simplified',
			description: 'Readable field names, status and gender as words, departments with names and paths',
		},
		{
			name: 'Raw',
			value: 'raw',
			description: 'The fields exactly as WeCom returns them, plus department_names and department_paths',
		},
	],
};
