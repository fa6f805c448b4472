import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { WeComClient } from '../../../../lib/wecom/client';
import { memberUpdateBody } from '../../../../lib/wecom/memberBody';
import type { IfDepartmentMissing } from '../../../../lib/wecom/memberWrites';
import { missingDepartmentsWarning, unknownDepartments, updateMember } from '../../../../lib/wecom/memberWrites';
import { departmentsField, ifDepartmentMissingField, memberFields, readMember } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. zhangsan',
		description: 'The userid of the member to update',
	},
	{
		...departmentsField,
		description:
			'Replaces the member\'s departments when given (with their order, leader flags and main department); leave empty to keep them',
	},
	ifDepartmentMissingField,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here change; empty values are not sent, so WeCom keeps the current value',
		options: memberFields('update'),
	},
];

export const description = updateDisplayOptions({ show: { resource: ['member'], operation: ['update'] } }, properties);

export const concurrent = true;

export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject> {
	const body = memberUpdateBody(readMember(this, i, 'update'));
	const ifMissing = this.getNodeParameter('ifDepartmentMissing', i, 'fail') as IfDepartmentMissing;
	const missing = await unknownDepartments(client, body.department, ifMissing);
	await updateMember(client, body);
	const { userid, ...changed } = body;
	const result: IDataObject = { userid, action: 'updated', updatedFields: Object.keys(changed) };
	if (missing.length) {
		result.missingDepartments = missing;
		result.warning = missingDepartmentsWarning('update', missing, []);
	}
	return result;
}
