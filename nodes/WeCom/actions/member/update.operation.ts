import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { WeComClient } from '../../../../lib/wecom/client';
import { memberUpdateBody } from '../../../../lib/wecom/memberBody';
import { requireKnownDepartments, updateMember } from '../../../../lib/wecom/memberWrites';
import { departmentsField, memberFields, readMember } from './fields';

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
	await requireKnownDepartments(client, body.department);
	await updateMember(client, body);
	const { userid, ...changed } = body;
	return { userid, action: 'updated', updatedFields: Object.keys(changed) };
}
