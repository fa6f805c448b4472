import type { IExecuteFunctions, ILoadOptionsFunctions, INodeProperties, ResourceMapperFields } from 'n8n-workflow';

import { mappingError } from '../../lib/directory/targets/members/rows';
import { syncModeField, syncOptionsField } from './syncFields';

/** The parameters of Sync Members (WeCom) and Sync Users From Input (DingTalk), and how a row's mapped values are read. */

/** One field of the resource mapper. */
export interface MemberField {
	id: string;
	displayName: string;
	required: boolean;
	type: 'string' | 'boolean';
}

/** The resource mapper's field list (methods.resourceMapping). */
export function resourceMapperFields(fields: readonly MemberField[]): ResourceMapperFields {
	return {
		fields: fields.map((f) => ({
			id: f.id,
			displayName: f.displayName,
			required: f.required,
			defaultMatch: f.id === 'userid',
			canBeUsedToMatch: f.id === 'userid',
			display: true,
			type: f.type,
		})),
	};
}

/** A resourceMapping method for a node's `methods`. */
export function resourceMappingMethod(fields: readonly MemberField[]) {
	return async function (this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
		return resourceMapperFields(fields);
	};
}

export interface MemberSyncDescription {
	/** "member", "user". */
	noun: string;
	provider: string;
	resourceMapperMethod: string;
	removalField: INodeProperties;
	/** "disable or delete", "delete": what the guard options describe. */
	removalVerbs: string;
	extra?: INodeProperties[];
}

/** The operation's parameters, shared by both targets. */
export function memberSyncProperties(d: MemberSyncDescription): INodeProperties[] {
	return [
		{
			displayName: `Takes ALL input items as rows of people (an HR export, a spreadsheet, an HTTP or IAM list) and runs once: reads the ${d.provider} directory once, then writes one call per change. Only ${d.noun}s inside the Managed Departments are ever changed, disabled or deleted.`,
			name: 'memberSyncNotice',
			type: 'notice',
			default: '',
		},
		syncModeField,
		{
			displayName: 'Managed Departments',
			name: 'managedDepartments',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 12; Acme / Sales',
			description: `The department subtrees this sync manages, by ID or path, separated by ";". A ${d.noun} is managed when every department they are in lies inside these subtrees; everyone else is never touched, and input rows may only place people inside them. Use 1 for the whole directory.`,
		},
		{
			displayName: 'Columns',
			name: 'columns',
			type: 'resourceMapper',
			noDataExpression: true,
			default: { mappingMode: 'defineBelow', value: null },
			required: true,
			typeOptions: {
				resourceMapper: {
					resourceMapperMethod: d.resourceMapperMethod,
					mode: 'add',
					fieldWords: { singular: 'field', plural: 'fields' },
					addAllFields: true,
					multiKeyMatch: false,
					supportAutoMap: true,
				},
			},
			description: `Where each ${d.noun} field comes from. Departments: IDs or paths such as "Sales / East", separated by ";". Empty fields are left as they are in ${d.provider}.`,
		},
		d.removalField,
		{
			displayName: 'Create Missing Departments',
			name: 'createMissingDepartments',
			type: 'boolean',
			default: false,
			description:
				'Whether a department path no department has (e.g. "Sales / East" without "East") is created below its deepest existing department (in Apply only; Dry Run lists them). Off: such rows fail.',
		},
		{
			displayName: 'Never Touch These Users',
			name: 'excludedUserIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. admin, it.support',
			description: 'User IDs this sync never changes, disables or deletes even inside the Managed Departments (administrators, service accounts), separated by commas',
		},
		...(d.extra ?? []),
		syncOptionsField(d.removalVerbs),
	];
}

/** The mapped values of item i: the resource mapper's, or the item's own fields when it maps automatically. */
export function mappedValues(ctx: IExecuteFunctions, i: number, autoMap: boolean, fields: readonly MemberField[]): Record<string, unknown> {
	if (autoMap) {
		const json = ctx.getInputData()[i]?.json ?? {};
		const out: Record<string, unknown> = {};
		for (const f of fields) if (json[f.id] !== undefined) out[f.id] = json[f.id];
		return out;
	}
	try {
		return (ctx.getNodeParameter('columns.value', i, {}) ?? {}) as Record<string, unknown>;
	} catch (error) {
		// n8n's own type check of a mapped value ("Invalid input for 'enabled' [item 3]"): this row is invalid.
		throw mappingError(error, fields);
	}
}
