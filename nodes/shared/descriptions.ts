import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { ReadFacts } from '../../lib/directory/engine/completeness';
import { newReadMark, READ_MARK_FIELD } from '../../lib/directory/engine/completeness';
import type { UnreadableDepartment } from '../../lib/directory/sources/model';
import type { DepartmentScope } from '../../lib/directory/sources/scope';
import { parseDepartmentRefs } from '../../lib/directory/sources/scope';

/** Return All + Limit, as every n8n list operation has them. */
export function returnAllAndLimit(show: Record<string, string[]>, returnAllByDefault = false): INodeProperties[] {
	const returnAll: INodeProperties = {
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show },
	};
	return [
		returnAllByDefault ? { ...returnAll, default: true } : returnAll,
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

/**
 * Every item of a directory read carries the read's mark (lib/directory/engine/completeness.ts), so
 * that a sync downstream can tell a complete read from a limited, filtered or partial one;
 * an incomplete read also names the departments it could not read.
 */
export function markRead(
	items: IDataObject[],
	facts: Omit<ReadFacts, 'members' | 'limited' | 'unreadable'>,
	limited: boolean,
	unreadable: UnreadableDepartment[] = [],
	outside: UnreadableDepartment[] = [],
): IDataObject[] {
	const mark = newReadMark({ ...facts, members: items.length, limited, unreadable: unreadable.length }) as unknown as IDataObject;
	// Departments outside a partial read that its members also belong to travel with the
	// unreadable ones: the sync must not take them for read (nobody listed their members).
	const blocked = [...unreadable, ...outside];
	const unreadableMark = blocked.length > 0 ? (blocked.map((d) => ({ ...d })) as unknown as IDataObject[]) : undefined;
	for (const item of items) {
		item[READ_MARK_FIELD] = mark;
		if (unreadableMark) item.unreadableDepartments = unreadableMark;
	}
	return items;
}

/**
 * An item made from a read item carries the read's marks on (Map to IAM User: member → IAM
 * user; Tag / Role → Get Members: tag → its members): the `directoryRead` mark, and for an
 * incomplete read the departments it could not read, so that a sync downstream knows how
 * complete its input is and whom it must not remove.
 */
export function carryReadMarks(from: IDataObject | undefined, to: IDataObject): IDataObject {
	if (!from) return to;
	if (from[READ_MARK_FIELD] !== undefined) to[READ_MARK_FIELD] = from[READ_MARK_FIELD];
	if (Array.isArray(from.unreadableDepartments) && from.unreadableDepartments.length > 0) {
		to.unreadableDepartments = from.unreadableDepartments;
	}
	return to;
}

/**
 * The departments of a partial read's members that the read did not list (a member of the
 * subtree read who also belongs to a department elsewhere), as "not read" entries.
 */
export function outsideDepartments(
	departmentLists: Iterable<readonly number[]>,
	inScope: (id: number) => boolean,
	why: string,
): UnreadableDepartment[] {
	const seen = new Set<number>();
	for (const list of departmentLists) for (const id of list) if (!inScope(id)) seen.add(id);
	return [...seen].map((id) => ({ id, scope: 'members' as const, error: why }));
}

/** Whether a read stopped at its limit: it reached it (a list exactly as long as the limit counts as cut, to be safe). */
export function reachedLimit(count: number, limit: number | undefined): boolean {
	return limit !== undefined && count >= limit;
}

/** The department picker of a Department Scope entry: the usual list and ID, plus a path. */
const scopeDepartment: INodeProperties = (() => {
	const locator = departmentLocator({ displayName: 'Department', name: 'department', description: 'The department; everything below it is included too', required: false });
	return { ...locator, modes: [...(locator.modes ?? []), { displayName: 'By Path', name: 'path', type: 'string', placeholder: 'e.g. Head Office / Sales' }] };
})();

/** Get All in Directory: department subtrees to include or exclude (lib/directory/sources/scope.ts). */
export const departmentScopeField: INodeProperties = {
	displayName: 'Department Scope',
	name: 'departmentScope',
	type: 'fixedCollection',
	placeholder: 'Add Department',
	default: {},
	typeOptions: { multipleValues: true },
	description:
		'Read only part of the directory: departments to include (with everything below them; none: the whole directory) and departments to exclude (with everything below them). A member in both an included and an excluded department is kept, with all of their departments. A sync downstream removes only users last seen inside this scope.',
	options: [
		{
			displayName: 'Department',
			name: 'department',
			values: [
				{
					displayName: 'Include or Exclude',
					name: 'mode',
					description: 'Whether this department and everything below it is read or left out',
					type: 'options',
					default: 'include',
					options: [
						{ name: 'Include (and Everything Below)', value: 'include' },
						{ name: 'Exclude (and Everything Below)', value: 'exclude' },
					],
				},
				scopeDepartment,
			],
		},
	],
};

/** The Department Scope parameter of item i, checked before any call. */
export function readDepartmentScope(getParam: (name: string) => unknown): DepartmentScope | undefined {
	const entries = ((getParam('departmentScope') as { department?: Array<{ mode?: string; department?: unknown }> } | undefined)?.department ?? []);
	if (entries.length === 0) return undefined;
	const pick = (mode: string) =>
		entries
			.filter((e) => (e.mode ?? 'include') === mode)
			.map((e) => {
				const value = e.department && typeof e.department === 'object' ? (e.department as { value?: unknown }).value : e.department;
				return String(value ?? '');
			});
	return {
		include: parseDepartmentRefs(pick('include'), 'Department Scope'),
		exclude: parseDepartmentRefs(pick('exclude'), 'Department Scope'),
	};
}
