import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { WeComClient } from '../../../../lib/wecom/client';
import { departmentCreateBody } from '../../../../lib/wecom/departmentBody';
import { departmentLocator } from '../common.descriptions';
import { withField } from '../../../shared/errors';

const NAME_HINT = '1 to 64 characters, none of \\ : * ? " &lt; &gt; |, unique under the same parent';

const properties: INodeProperties[] = [
	{
		displayName:
			'Writing departments needs the contacts-sync secret (Management Tools → Contacts Sync, "API editing" on) in the credential.',
		name: 'writeNotice',
		type: 'notice',
		default: '',
	},
	{ displayName: 'Name', name: 'name', type: 'string', required: true, default: '', description: NAME_HINT },
	departmentLocator({ displayName: 'Parent Department', name: 'parentId', description: 'The department to create it under' }),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Department ID',
				name: 'id',
				type: 'string',
				default: '',
				placeholder: 'e.g. 1001',
				description: 'An ID of your own (a whole number greater than 1); WeCom assigns one when left empty',
			},
			{
				displayName: 'English Name',
				name: 'nameEn',
				type: 'string',
				default: '',
				description: `Only when multi-language is enabled in the admin console; ${NAME_HINT}`,
			},
			{
				displayName: 'Order',
				name: 'order',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description: 'Sort order among its siblings; larger values come first',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['department'], operation: ['create'] } }, properties);

export const concurrent = true;

export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject> {
	const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const body = departmentCreateBody({
		name: this.getNodeParameter('name', i),
		parentId: this.getNodeParameter('parentId', i, '', { extractValue: true }),
		...extra,
	});
	const id = await client.createDepartment(body).catch((error: unknown) => Promise.reject(withField(error, { 60004: 'Parent Department', 60008: 'Name' })));
	return { id, name: body.name, parentid: body.parentid, action: 'created' };
}
