import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import { buildUpdateDepartment } from '../../../../lib/dingtalk/departmentInput';
import { requireDepartmentId } from '../../../../lib/dingtalk/validate';
import { departmentLocator } from '../common.descriptions';
import { withField } from '../../../shared/errors';
import { departmentOptions, departmentUpdateOnly } from './fields';

const properties: INodeProperties[] = [
	departmentLocator({ displayName: 'Department', name: 'departmentId', description: 'The department to change' }),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [...departmentOptions, ...departmentUpdateOnly].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

export const description = updateDisplayOptions({ show: { resource: ['department'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject> {
	const deptId = requireDepartmentId(this.getNodeParameter('departmentId', i, '', { extractValue: true }), 'Department');
	const body = buildUpdateDepartment(deptId, this.getNodeParameter('updateFields', i, {}) as IDataObject);
	await client.updateDepartment(body).catch((error: unknown) =>
		Promise.reject(withField(error, { 60003: 'Department', 60004: 'Parent Department', 60021: 'Name' })),
	);
	return { dept_id: deptId, status: 'updated', fields: Object.keys(body).filter((k) => k !== 'dept_id') };
}
