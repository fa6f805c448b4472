import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import { buildUpdateUser } from '../../../../lib/dingtalk/userInput';
import { requireUserId } from '../../../../lib/dingtalk/validate';
import { departmentsField, userIdField } from '../common.descriptions';
import { sortedByName, userOptions } from './fields';
import { namedField, userFieldsFromParameters } from './input';

const properties: INodeProperties[] = [
	userIdField,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: sortedByName([
			{
				displayName: 'Clear Manager',
				name: 'clearManager',
				type: 'boolean',
				default: false,
				description: 'Whether to remove the direct manager (when Manager User ID is empty)',
			},
			departmentsField({ description: 'Replaces the departments the user belongs to (1 to 100). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.' }),
			{
				displayName: 'Extension Update Mode',
				name: 'extAttrsUpdateMode',
				description: 'Whether Extension replaces all custom fields or changes only those it lists',
				type: 'options',
				default: 'overwrite',
				options: [
					{ name: 'Overwrite', value: 'overwrite', description: 'Replace the custom fields with Extension' },
					{ name: 'Append', value: 'append', description: 'Add or change only the fields in Extension' },
				],
			},
			{
				displayName: 'Mobile',
				name: 'mobile',
				type: 'string',
				default: '',
				description:
					"DingTalk cannot change a user's mobile number: an item that sets it fails before any call. Delete the user and add them again instead.",
			},
			{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Display name (at most 80 characters)' },
			...userOptions,
		]),
	},
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject> {
	const userid = requireUserId(this.getNodeParameter('userId', i), 'User ID');
	const body = buildUpdateUser(userid, userFieldsFromParameters(this.getNodeParameter('updateFields', i, {}) as IDataObject));
	await client.updateUser(body).catch((error: unknown) => Promise.reject(namedField(error)));
	return { userid, status: 'updated', fields: Object.keys(body).filter((k) => k !== 'userid') };
}
