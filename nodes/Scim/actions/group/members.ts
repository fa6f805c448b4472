import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ScimClient } from '../../../../lib/scim/client';
import type { ScimGroup, ScimPatchOperation } from '../../../../lib/scim/types';
import { mapConcurrent } from '../../../../lib/transport/pool';
import { DirectoryApiError, InputValidationError } from '../../../../lib/transport/errors';

/** The parameters of Add Members and Remove Members. */
export function membershipFields(operation: string): INodeProperties[] {
	const show = { resource: ['group'], operation: [operation] };
	return [
		{
			displayName: 'Find Group By',
			name: 'groupBy',
			description: 'Which field identifies the group',
			type: 'options',
			default: 'displayName',
			displayOptions: { show },
			options: [
				{ name: 'Display Name', value: 'displayName' },
				{ name: 'ID', value: 'id', description: 'The ID the SCIM server gave the group' },
			],
		},
		{
			displayName: 'Group',
			name: 'group',
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show },
			placeholder: 'e.g. R&D',
			description: 'The group\'s display name or ID',
		},
		{
			displayName: 'Members',
			name: 'members',
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show },
			placeholder: 'e.g. zhangsan, lisi',
			description: 'Comma-separated user names or IDs',
		},
		{
			displayName: 'Members Are',
			name: 'membersBy',
			description: 'Whether the members below are user names or SCIM user IDs',
			type: 'options',
			default: 'userName',
			displayOptions: { show },
			options: [
				{ name: 'User Names', value: 'userName', description: 'Each is looked up (filter userName eq)' },
				{ name: 'IDs', value: 'id', description: 'The IDs the SCIM server gave the users' },
			],
		},
	];
}

function notFound(path: string, errmsg: string): DirectoryApiError {
	return new DirectoryApiError({ provider: 'SCIM', errorClass: 'item', path, httpStatus: 404, errmsg });
}

async function findGroup(ctx: IExecuteFunctions, i: number, client: ScimClient): Promise<ScimGroup> {
	const value = String(ctx.getNodeParameter('group', i, '') ?? '').trim();
	if (!value) throw new InputValidationError('Group', 'is required (its display name or ID)');
	if (ctx.getNodeParameter('groupBy', i) === 'id') return await client.getGroup(value);
	const group = await client.findGroupByDisplayName(value);
	if (!group) throw notFound('/Groups', `no group with displayName "${value}"`);
	return group;
}

/** The user IDs item i names; every user name must exist, checked before any write. */
async function memberIds(ctx: IExecuteFunctions, i: number, client: ScimClient): Promise<string[]> {
	const raw = String(ctx.getNodeParameter('members', i, '') ?? '');
	const names = [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
	if (names.length === 0) throw new InputValidationError('Members', 'is empty: give at least one user name or ID');
	if (ctx.getNodeParameter('membersBy', i) === 'id') return names;
	const users = await mapConcurrent(names, client.transport.concurrency, async (name) => await client.findUserByUserName(name));
	const missing = names.filter((_, k) => !users[k]);
	if (missing.length > 0) throw notFound('/Users', `no user with userName ${missing.map((m) => `"${m}"`).join(', ')}`);
	return users.map((u) => String(u!.id));
}

/** `group` as a PUT body: server-managed meta left out, the given attributes replaced. */
export function replacementGroup(group: ScimGroup, changes: Partial<ScimGroup>): ScimGroup {
	const body: ScimGroup = { ...group, ...changes };
	delete body.meta;
	return body;
}

/**
 * Add or remove members with one PATCH (RFC 7644 §3.5.2.1 / §3.5.2.2), or a PUT of the
 * whole member list on servers without PATCH. Members already in (or already out of) the
 * group are not sent again; nothing to change writes nothing.
 */
export async function changeMembers(ctx: IExecuteFunctions, i: number, client: ScimClient, add: boolean): Promise<IDataObject> {
	const group = await findGroup(ctx, i, client);
	const ids = await memberIds(ctx, i, client);
	const current = group.members?.map((m) => String(m.value));
	const known = current !== undefined;
	const changing = ids.filter((id) => !known || current.includes(id) !== add);
	const result: IDataObject = { id: group.id, displayName: group.displayName };
	if (changing.length === 0) return { action: 'unchanged', ...result, members: ids };
	const operations: ScimPatchOperation[] = add
		? [{ op: 'add', path: 'members', value: changing.map((value) => ({ value })) }]
		: changing.map((id) => ({ op: 'remove', path: `members[value eq ${JSON.stringify(id)}]` }));
	await client.modifyGroup(String(group.id), operations, async () => {
		// A PUT replaces the member list: without the current one it would drop every member not named here.
		if (!known) {
			throw new DirectoryApiError({
				provider: 'SCIM',
				errorClass: 'item',
				path: `/Groups/${group.id}`,
				errmsg: 'the server has no PATCH and does not return group members, so the member list cannot be changed safely',
			});
		}
		const members = add
			? [...(group.members ?? []), ...changing.map((value) => ({ value }))]
			: (group.members ?? []).filter((m) => !changing.includes(String(m.value)));
		return replacementGroup(group, { members });
	});
	return { action: add ? 'membersAdded' : 'membersRemoved', ...result, members: changing };
}
