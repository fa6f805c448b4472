import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ScimClient } from '../../../../lib/scim/client';
import { readLimit, returnAllAndLimit } from '../../../shared/descriptions';

const properties: INodeProperties[] = [
	...returnAllAndLimit({}),
	{
		displayName: 'Filter',
		name: 'filter',
		type: 'string',
		default: '',
		placeholder: 'e.g. displayName sw "Sales"',
		description: 'A SCIM filter (RFC 7644 §3.4.2.2). Leave empty for all groups.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: ScimClient): Promise<IDataObject[]> {
	const limit = readLimit((name) => this.getNodeParameter(name, i));
	const filter = String(this.getNodeParameter('filter', i, '') ?? '').trim() || undefined;
	return (await client.listGroups(filter, limit)) as IDataObject[];
}
