import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import { buildCreateDepartment } from '../../../../lib/dingtalk/departmentInput';
import { withField } from '../../../shared/errors';
import { departmentLocator } from '../common.descriptions';
import { departmentOptions } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		description: 'The department name: 1 to 64 characters, without "-", "," or "，", unique under its parent',
	},
	departmentLocator({ displayName: 'Parent Department', name: 'parentId', description: 'Where to create it; 1 is the root' }),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: departmentOptions,
	},
];

export const description = updateDisplayOptions({ show: { resource: ['department'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject> {
	const body = buildCreateDepartment({
		...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
		name: this.getNodeParameter('name', i) as string,
		parentId: this.getNodeParameter('parentId', i, '', { extractValue: true }) as string,
	});
	const deptId = await client.createDepartment(body).catch((error: unknown) => Promise.reject(withField(error, { 60004: 'Parent Department', 60021: 'Name' })));
	return { dept_id: deptId, name: body.name, parent_id: body.parent_id, status: 'created' };
}
