import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildTree, sortTree } from '../../../../lib/directory/sources/tree';
import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import type { DingTalkLanguage } from '../../../../lib/dingtalk/types';
import { requireDepartmentId } from '../../../../lib/dingtalk/validate';
import { readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import { departmentLocator, languageField } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Scope',
		name: 'scope',
		description: 'Which departments to return',
		type: 'options',
		default: 'tree',
		options: [
			{
				name: 'Whole Tree',
				value: 'tree',
				description: 'The department and everything below it, each with its path (one call per department: DingTalk lists one level at a time)',
			},
			{ name: 'Direct Children', value: 'children', description: 'Only the departments directly under it (one call)' },
		],
	},
	departmentLocator({
		displayName: 'Department',
		name: 'departmentId',
		default: { mode: 'id', value: '1' },
		description: 'Where to start; 1 is the root of the organisation',
	}),
	languageField,
	...returnAllAndLimit({}),
];

export const description = updateDisplayOptions({ show: { resource: ['department'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject[]> {
	const id = requireDepartmentId(this.getNodeParameter('departmentId', i, '', { extractValue: true }), 'Department');
	const limit = readLimit((name) => this.getNodeParameter(name, i));
	const language = this.getNodeParameter('language', i) as DingTalkLanguage;
	if (this.getNodeParameter('scope', i) === 'children') {
		const children = (await client.listSubDepartments(id, language)) as IDataObject[];
		return limit === undefined ? children : children.slice(0, limit);
	}
	const departments = await client.walkDepartments(id, language);
	const tree = buildTree(departments.map((d) => ({ id: d.dept_id, name: d.name, parentId: d.parent_id ?? 0 })));
	const raw = new Map(departments.map((d) => [d.dept_id, d]));
	const rows = sortTree(tree).map((node) => ({ ...raw.get(node.id), path: node.path, depth: node.depth }) as IDataObject);
	return limit === undefined ? rows : rows.slice(0, limit);
}
