import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import { requireDepartmentId } from '../../../../lib/dingtalk/validate';
import { withField } from '../../../shared/errors';
import { departmentLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	departmentLocator({
		displayName: 'Department',
		name: 'departmentId',
		description: 'The department to delete. DingTalk refuses while it has members (60005) or sub-departments (60006).',
	}),
];

export const description = updateDisplayOptions({ show: { resource: ['department'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject> {
	const deptId = requireDepartmentId(this.getNodeParameter('departmentId', i, '', { extractValue: true }), 'Department');
	await client.deleteDepartment(deptId).catch((error: unknown) => Promise.reject(withField(error, { 60003: 'Department' })));
	return { dept_id: deptId, status: 'deleted' };
}
