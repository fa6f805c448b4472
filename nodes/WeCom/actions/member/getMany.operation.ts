import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { walkDirectory } from '../../../../lib/directory/sources/walk';
import { weComSource } from '../../../../lib/directory/sources/wecomSource';
import type { WeComClient } from '../../../../lib/wecom/client';
import type { WeComMember } from '../../../../lib/wecom/types';
import { requireDepartmentId } from '../../../../lib/wecom/validate';
import { markRead, outsideDepartments, reachedLimit, readLimit, returnAllAndLimit } from '../../../shared/descriptions';
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
	const source = weComSource(client);
	// A department's (or subtree's) listing is complete for what it lists only: its members' other
	// departments are marked as not read, so a sync removes only users last seen inside it.
	const outside = (members: readonly WeComMember[], inScope: (id: number) => boolean) =>
		outsideDepartments(members.map((m) => source.memberDepartments(m)), inScope, `outside department ${departmentId}, the one this read listed`);
	if (!this.getNodeParameter('includeSubDepartments', i)) {
		const all = await client.listMembers(departmentId);
		const members = limit === undefined ? all : all.slice(0, limit);
		const complete = limit === undefined || all.length < limit;
		const items = members.map((m) => shapeMember(m, output));
		return markRead(items, { provider: 'wecom', scope: 'department', root: departmentId }, !complete, [], outside(members, (id) => id === departmentId));
	}
	const { members, tree } = await walkDirectory(source, { rootId: departmentId, limit });
	const items = members.map((m) => shapeMember(m, output, tree));
	return markRead(items, { provider: 'wecom', scope: 'subtree', root: departmentId }, reachedLimit(members.length, limit), [], outside(members, (id) => tree.has(id)));
}
