import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { CasdoorClient } from '../../../../lib/casdoor/client';
import type { CasdoorRole } from '../../../../lib/casdoor/types';
import { requireRoleName } from '../../helpers/roleFields';
import { organizationFor } from '../common';

const properties: INodeProperties[] = [
	{
		displayName: 'Role Name',
		name: 'roleName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. ui-designers',
		description: 'The role\'s name (without "organization/"). A new role is created when none has it.',
	},
	{
		displayName: 'Display Name',
		name: 'roleDisplayName',
		type: 'string',
		default: '',
		description: 'Leave empty to keep the current one (a new role gets its name)',
	},
	{
		displayName: 'Description',
		name: 'roleDescription',
		type: 'string',
		default: '',
		description: 'Leave empty to keep the current one',
	},
	{
		displayName: 'Enabled',
		name: 'roleEnabled',
		type: 'boolean',
		default: true,
		description: 'Whether the role is enabled',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['role'], operation: ['upsert'] } }, properties);

/** get-role, then add-role or (when something differs) update-role with the whole role. Members are left alone: use Set Members. */
export async function execute(this: IExecuteFunctions, i: number, client: CasdoorClient): Promise<IDataObject> {
	const owner = organizationFor(this, i, client);
	const name = requireRoleName(this.getNodeParameter('roleName', i));
	const displayName = String(this.getNodeParameter('roleDisplayName', i, '') ?? '').trim();
	const text = String(this.getNodeParameter('roleDescription', i, '') ?? '').trim();
	const isEnabled = this.getNodeParameter('roleEnabled', i, true) === true;
	const current = await client.getRole(owner, name);
	if (!current) {
		const role: CasdoorRole = { owner, name, displayName: displayName || name, description: text, users: [], groups: [], roles: [], domains: [], isEnabled };
		await client.addRole(role);
		return { action: 'created', ...(role as IDataObject) };
	}
	const next: CasdoorRole = { ...current, isEnabled };
	if (displayName) next.displayName = displayName;
	if (text) next.description = text;
	const changed = (['displayName', 'description', 'isEnabled'] as const).filter((k) => next[k] !== current[k]);
	if (changed.length === 0) return { action: 'unchanged', ...(current as IDataObject) };
	await client.updateRole(owner, name, next);
	return { action: 'updated', ...(next as IDataObject), changed };
}
