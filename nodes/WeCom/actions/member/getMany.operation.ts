import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { walkDirectory } from '../../../../lib/directory/walk';
import { weComSource } from '../../../../lib/directory/wecomSource';
import type { WeComClient } from '../../../../lib/wecom/client';
import { requireDepartmentId } from '../../../../lib/wecom/validate';
import { markRead, reachedLimit, readLimit, returnAllAndLimit } from '../../../shared/descriptions';
import type { MemberOutput } from '../../helpers/shapeMember';
import { shapeMember } from '../../helpers/shapeMember';
import { departmentLocator, memberOutputField } from '../common.descriptions';

const properties: INodeProperties[] = [
	departmentLocator({ displayName: 'Department', name: 'departmentId', description: 'The department whose members to list' }),
	{
		displayName: 'Include Sub-Departments',
		name: 'includeSubDepartments',
		type: 'boolean',
		default: false,
		description: 'Whether to include members of every department below this one (each member once)',
	},
	...returnAllAndLimit({}),
	memberOutputField,
];

export const description = updateDisplayOptions({ show: { resource: ['member'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject[]> {
	const departmentId = requireDepartmentId(
		this.getNodeParameter('departmentId', i, '', { extractValue: true }),
		'Department',
	);
	const limit = readLimit((name) => this.getNodeParameter(name, i));
	const output = this.getNodeParameter('output', i) as MemberOutput;
	if (!this.getNodeParameter('includeSubDepartments', i)) {
		const members = await client.listMembers(departmentId);
		const items = (limit === undefined ? members : members.slice(0, limit)).map((m) => shapeMember(m, output));
		// A whole department's listing is complete, but only for that department: a sync removes only users last seen in it.
		const complete = limit === undefined || members.length < limit;
		return markRead(items, { provider: 'wecom', scope: 'department', root: departmentId }, !complete);
	}
	const { members, tree } = await walkDirectory(weComSource(client), { rootId: departmentId, limit });
	return markRead(members.map((m) => shapeMember(m, output, tree)), { provider: 'wecom', scope: 'subtree', root: departmentId }, reachedLimit(members.length, limit));
}
