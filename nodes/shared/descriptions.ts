import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { UnreadableDepartment } from '../../lib/directory/model';

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

/** Get All in Directory: what a department that cannot be read does to the run. */
export const onDepartmentErrorField: INodeProperties = {
	displayName: 'On Department Error',
	name: 'onDepartmentError',
	type: 'options',
	default: 'fail',
	options: [
		{
			name: 'Fail the Run',
			value: 'fail',
			description:
				'Any department that cannot be read stops the run with its error. So does a WeCom app whose visible scope is narrower than the whole company (department 1 missing from the department list), before any member is read.',
		},
		{
			name: 'Skip the Department and Mark the Result Incomplete',
			value: 'skip',
			description:
				'A department whose listing keeps failing (or is outside the app\'s scope) is left out; every item then carries unreadableDepartments, and Casdoor Sync Users refuses to remove users last seen in them. A WeCom app scope narrower than the company is read as far as it goes and names department 1 there, so only users last seen in departments read can be removed. Credential, permission and IP-ban errors still stop the run.',
		},
	],
	description: 'What a department that cannot be read, or a narrowed app scope, does to the run',
};

/** The marker every item of an incomplete read carries: which departments could not be read. */
export function markIncomplete(items: IDataObject[], unreadable: UnreadableDepartment[]): IDataObject[] {
	if (unreadable.length === 0) return items;
	const marker = unreadable.map((d) => ({ ...d })) as unknown as IDataObject[];
	for (const item of items) item.unreadableDepartments = marker;
	return items;
}
