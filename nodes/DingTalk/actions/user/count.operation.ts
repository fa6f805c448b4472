import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DingTalkClient } from '../../../../lib/dingtalk/client';

const properties: INodeProperties[] = [
	{
		displayName: 'Only Activated Users',
		name: 'onlyActive',
		type: 'boolean',
		default: false,
		description: 'Whether to count only users who have activated DingTalk',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['count'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: DingTalkClient): Promise<IDataObject> {
	const onlyActive = this.getNodeParameter('onlyActive', i) === true;
	return { count: await client.countUsers(onlyActive), onlyActive };
}
