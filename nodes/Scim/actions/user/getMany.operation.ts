import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ScimClient } from '../../../../lib/scim/client';
import { readLimit, returnAllAndLimit } from '../../../shared/descriptions';

export const filterField: INodeProperties = {
	displayName: 'Filter',
	name: 'filter',
	type: 'string',
	default: '',
	placeholder: 'e.g. userName sw "zhang" and active eq true',
	description:
		'A SCIM filter (RFC 7644 §3.4.2.2): attribute, operator (eq, co, sw, pr, gt …) and a quoted value. Leave empty for all.',
};

const properties: INodeProperties[] = [...returnAllAndLimit({}), filterField];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getMany'] } }, properties);

/** Pages of startIndex/count until the limit, totalResults or an empty page. */
export async function execute(this: IExecuteFunctions, i: number, client: ScimClient): Promise<IDataObject[]> {
	const limit = readLimit((name) => this.getNodeParameter(name, i));
	const filter = String(this.getNodeParameter('filter', i, '') ?? '').trim() || undefined;
	return (await client.listUsers(filter, limit)) as IDataObject[];
}
