import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import { buildCreateUser } from '../../../../lib/dingtalk/userInput';
import { departmentsField } from '../common.descriptions';
import { sortedByName, userOptions } from './fields';
import { namedField, userFieldsFromParameters } from './input';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		description: 'Display name (at most 80 characters)',
	},
	{
		displayName: 'Mobile',
		name: 'mobile',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 13800000000',
		description:
			'Unique in the organisation and cannot be changed later: 11 digits in mainland China, elsewhere the country code and number written like +852-51234567',
	},
	departmentsField({ required: true }),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: sortedByName([
			{
				displayName: 'User ID',
				name: 'userid',
				type: 'string',
				default: '',
				description: 'The userid to give the user (1 to 64 characters, cannot be changed later). DingTalk generates one when empty.',
			},
			...userOptions,
		]),
	},
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject> {
	const body = buildCreateUser({
		...userFieldsFromParameters(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
		name: this.getNodeParameter('name', i) as string,
		mobile: this.getNodeParameter('mobile', i) as string,
		departmentIds: this.getNodeParameter('departmentIds', i) as IDataObject[string],
	});
	const result = await client.createUser(body).catch((error: unknown) => Promise.reject(namedField(error)));
	if (result.status === 'invited') {
		// 40103: DingTalk sent an invitation; the user joins when they accept. Not a failure.
		return {
			...result,
			name: body.name,
			mobile: body.mobile,
			message: 'DingTalk sent an invitation; the user is added when they accept it.',
		};
	}
	return { ...result, name: body.name, mobile: body.mobile };
}
