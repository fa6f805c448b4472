import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { CasdoorClient } from '../../../../lib/casdoor/client';
import { CASDOOR_MAX_PAGE } from '../../../../lib/casdoor/client';
import { readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import { organizationFor } from '../common';

const properties: INodeProperties[] = [...returnAllAndLimit({})];

export const description = updateDisplayOptions({ show: { resource: ['role'], operation: ['getMany'] } }, properties);

/** get-roles, paged (p / pageSize, data2 = total). */
export async function execute(this: IExecuteFunctions, i: number, client: CasdoorClient): Promise<IDataObject[]> {
	const owner = organizationFor(this, i, client);
	const limit = readLimit((name) => this.getNodeParameter(name, i));
	const pageSize = Math.min(CASDOOR_MAX_PAGE, limit ?? CASDOOR_MAX_PAGE);
	const out: IDataObject[] = [];
	for (let page = 1; ; page++) {
		const { roles, total } = await client.listRolesPage(owner, page, pageSize);
		out.push(...(roles as IDataObject[]));
		if (roles.length < pageSize || out.length >= total || (limit !== undefined && out.length >= limit)) break;
	}
	return limit === undefined ? out : out.slice(0, limit);
}
