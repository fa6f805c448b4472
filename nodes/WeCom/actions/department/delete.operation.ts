import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { WeComClient } from '../../../../lib/wecom/client';
import { requireDepartmentId } from '../../../../lib/wecom/validate';
import { departmentLocator } from '../common.descriptions';
import { withField } from '../../../shared/errors';

const properties: INodeProperties[] = [
	departmentLocator({
		displayName: 'Department',
		name: 'departmentId',
		description: 'The department to delete. WeCom refuses while it has members or sub-departments, and never deletes the root.',
	}),
];

export const description = updateDisplayOptions({ show: { resource: ['department'], operation: ['delete'] } }, properties);

export const concurrent = true;

export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject> {
	const id = requireDepartmentId(this.getNodeParameter('departmentId', i, '', { extractValue: true }), 'Department');
	await client.deleteDepartment(id).catch((error: unknown) => Promise.reject(withField(error, { 60003: 'Department' })));
	return { id, deleted: true };
}
