import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { WeComClient } from '../../../../lib/wecom/client';
import { departmentUpdateBody } from '../../../../lib/wecom/departmentBody';
import { departmentLocator } from '../common.descriptions';
import { withField } from '../../../shared/errors';

const properties: INodeProperties[] = [
	departmentLocator({ displayName: 'Department', name: 'departmentId', description: 'The department to change' }),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here change',
		options: [
			{
				displayName: 'English Name',
				name: 'nameEn',
				type: 'string',
				default: '',
				description: 'Only when multi-language is enabled in the admin console',
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: '1 to 64 characters, none of \\ : * ? " &lt; &gt; |, unique under the same parent',
			},
			{
				displayName: 'Order',
				name: 'order',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description: 'Sort order among its siblings; larger values come first',
			},
			{
				displayName: 'Parent Department ID',
				name: 'parentId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 1',
				description: 'Move the department under this one (not under itself or one of its sub-departments)',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['department'], operation: ['update'] } }, properties);

export const concurrent = true;

export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject> {
	const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	const body = departmentUpdateBody({ id: this.getNodeParameter('departmentId', i, '', { extractValue: true }), ...fields });
	await client.updateDepartment(body).catch((error: unknown) =>
		Promise.reject(withField(error, { 60003: 'Department', 60004: 'Parent Department', 60008: 'Name', 60010: 'Parent Department' })),
	);
	const { id, ...changed } = body;
	return { id, action: 'updated', updatedFields: Object.keys(changed) };
}
