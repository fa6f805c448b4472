import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildTree, sortTree } from '../../../../lib/directory/sources/tree';
import type { WeComClient } from '../../../../lib/wecom/client';
import { requireDepartmentId } from '../../../../lib/wecom/validate';
import { readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import { departmentLocator } from '../common.descriptions';

const show = { resource: ['department'], operation: ['getMany'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Scope',
		name: 'scope',
		description: 'Which departments to return',
		type: 'options',
		default: 'all',
		options: [
			{ name: 'Whole Directory', value: 'all', description: 'Every department the secret can see' },
			{ name: 'Below a Department', value: 'below', description: 'A department and everything under it' },
		],
	},
	departmentLocator({
		displayName: 'Department',
		name: 'rootDepartmentId',
		description: 'The top of the subtree to list',
		displayOptions: { show: { scope: ['below'] } },
	}),
	{
		displayName: 'IDs Only',
		name: 'idsOnly',
		type: 'boolean',
		default: false,
		description:
			'Whether to return only ID, parent ID and order. Works with the contacts-sync secret from any IP; names need a self-built app secret.',
	},
	...returnAllAndLimit({}),
];

export const description = updateDisplayOptions({ show }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject[]> {
	const rootId =
		this.getNodeParameter('scope', i) === 'below'
			? requireDepartmentId(this.getNodeParameter('rootDepartmentId', i, '', { extractValue: true }), 'Department')
			: undefined;
	const limit = readLimit((name) => this.getNodeParameter(name, i));
	const idsOnly = this.getNodeParameter('idsOnly', i) as boolean;
	const departments = idsOnly ? await client.listDepartmentIds(rootId) : await client.listDepartments(rootId);
	const tree = buildTree(departments.map((d) => ({ id: d.id, name: d.name, parentId: d.parentid, order: d.order })));
	const raw = new Map(departments.map((d) => [d.id, d]));
	const rows = sortTree(tree).map((node) => {
		const row: IDataObject = { ...raw.get(node.id) };
		if (!idsOnly) row.path = node.path;
		row.depth = node.depth;
		return row;
	});
	return limit === undefined ? rows : rows.slice(0, limit);
}
