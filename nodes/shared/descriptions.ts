import type { INodeProperties } from 'n8n-workflow';

/** Return All + Limit, as every n8n list operation has them. */
export function returnAllAndLimit(show: Record<string, string[]>): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

export function readLimit(getParam: (name: string) => unknown): number | undefined {
	return getParam('returnAll') ? undefined : Math.max(1, Number(getParam('limit')) || 50);
}

/** The department picker: a searchable list of departments with their paths (the node's `searchDepartments`), or an ID. */
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

/** A picker for a directory object other than departments (tags, roles): a searchable list, or an ID. */
export function idLocator(
	overrides: Partial<INodeProperties> & Pick<INodeProperties, 'name' | 'displayName'>,
	searchListMethod: string,
	what: string,
): INodeProperties {
	return {
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${what}…`,
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 12',
				validation: [{ type: 'regex', properties: { regex: '^[0-9]+$', errorMessage: `A ${what} ID is a whole number` } }],
			},
		],
		...overrides,
	} as INodeProperties;
}
