import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { WeComClient } from '../../../../lib/wecom/client';
import { requireDepartmentId } from '../../../../lib/wecom/validate';
import { departmentLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	departmentLocator({ displayName: 'Department', name: 'departmentId', description: 'The department to read' }),
];

export const description = updateDisplayOptions({ show: { resource: ['department'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject> {
	const id = requireDepartmentId(this.getNodeParameter('departmentId', i, '', { extractValue: true }), 'Department');
	return (await client.getDepartment(id)) as unknown as IDataObject;
}
