import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ScimClient } from '../../../../lib/scim/client';
import { isConflict } from '../../../../lib/scim/profile';
import type { ScimGroup } from '../../../../lib/scim/types';
import { GROUP_SCHEMA } from '../../../../lib/scim/types';
import { InputValidationError } from '../../../../lib/transport/errors';
import { settle } from '../../../../lib/transport/settle';
import { replacementGroup } from './members';

const properties: INodeProperties[] = [
	{
		displayName: 'Display Name',
		name: 'displayName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. R&D',
		description: 'The group\'s name; the group is found by it (filter displayName eq)',
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		placeholder: 'e.g. wecom:my-company/2',
		description: 'Your own ID for the group, e.g. the department ID. Leave empty to leave it alone.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['group'], operation: ['upsert'] } }, properties);

export const concurrent = true;

const summary = (action: string, group: ScimGroup): IDataObject => ({
	action,
	id: group.id,
	displayName: group.displayName,
	...(group.externalId !== undefined ? { externalId: group.externalId } : {}),
});

/** Find by display name; create when missing, else write the external ID when it differs. Members are left alone. */
export async function execute(this: IExecuteFunctions, i: number, client: ScimClient): Promise<IDataObject> {
	const displayName = String(this.getNodeParameter('displayName', i, '') ?? '').trim();
	const externalId = String(this.getNodeParameter('externalId', i, '') ?? '').trim();
	if (!displayName) throw new InputValidationError('Display Name', 'is required');
	let existing = await client.findGroupByDisplayName(displayName);
	if (!existing) {
		const body: ScimGroup = { schemas: [GROUP_SCHEMA], displayName, ...(externalId ? { externalId } : {}) };
		const created = await settle(async () => await client.createGroup(body));
		if (created.ok) return summary('created', created.value);
		// 409: created since the lookup (or the server's filter missed it); carry on as an update.
		if (isConflict(created.error)) existing = await client.findGroupByDisplayName(displayName);
		if (!existing) throw created.error;
	}
	if (!externalId || existing.externalId === externalId) return summary('unchanged', existing);
	const group = existing;
	const updated = await client.modifyGroup(String(group.id), [{ op: 'replace', path: 'externalId', value: externalId }], async () =>
		replacementGroup(group, { externalId }),
	);
	// After a 204 (no body) the group is the one read plus what was sent.
	return summary('updated', { ...group, ...updated, externalId });
}
