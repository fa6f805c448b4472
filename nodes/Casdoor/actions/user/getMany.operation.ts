import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { CasdoorClient } from '../../../../lib/casdoor/client';
import { CASDOOR_MAX_PAGE } from '../../../../lib/casdoor/client';
import { readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import { organizationFor } from '../common';

const properties: INodeProperties[] = [
	...returnAllAndLimit({}),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Group Name',
				name: 'groupName',
				type: 'string',
				default: '',
				description: 'Only members of this group (its name, without "organization/")',
			},
			{
				displayName: 'Search Field',
				name: 'field',
				description: 'The user field the search value is matched against',
				type: 'options',
				default: 'name',
				options: [
					{ name: 'Display Name', value: 'displayName' },
					{ name: 'Email', value: 'email' },
					{ name: 'External ID', value: 'externalId' },
					{ name: 'Name', value: 'name' },
					{ name: 'Phone', value: 'phone' },
					{ name: 'Tag', value: 'tag' },
				],
			},
			{
				displayName: 'Search Value',
				name: 'value',
				type: 'string',
				default: '',
				description: 'Casdoor matches this as a substring ("ann" finds "anna" and "joanne"), not exactly',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getMany'] } }, properties);

/** Pages of p/pageSize until the limit, the total Casdoor reports, or a short page. */
export async function execute(this: IExecuteFunctions, i: number, client: CasdoorClient): Promise<IDataObject[]> {
	const owner = organizationFor(this, i, client);
	const limit = readLimit((name) => this.getNodeParameter(name, i));
	const filters = this.getNodeParameter('filters', i, {}) as { field?: string; value?: string; groupName?: string };
	const filter = { field: filters.field ?? 'name', value: filters.value, groupName: filters.groupName };
	const pageSize = Math.min(CASDOOR_MAX_PAGE, limit ?? CASDOOR_MAX_PAGE);
	const out: IDataObject[] = [];
	for (let page = 1; ; page++) {
		const { users, total } = await client.listUsersPage(owner, page, pageSize, filter);
		out.push(...(users as IDataObject[]));
		if (users.length < pageSize || out.length >= total || (limit !== undefined && out.length >= limit)) break;
	}
	return limit === undefined ? out : out.slice(0, limit);
}
