import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { UserNameFrom } from '../../../../lib/directory/targets/scim/scimUser';
import { OWNER_SEPARATOR } from '../../../../lib/directory/targets/scim/scimUser';
import { pickScimInput, validateScimInput } from '../../../../lib/directory/targets/scim/scimInput';
import { scimSyncRules } from '../../../../lib/directory/targets/scim/scimRules';
import { scimSyncWriter } from '../../../../lib/directory/targets/scim/scimWriter';
import { planUserSync } from '../../../../lib/directory/engine/syncPlan';
import type { ScimClient } from '../../../../lib/scim/client';
import type { ScimUser } from '../../../../lib/scim/types';
import { fromScimUser } from '../../../../lib/scim/userView';
import { fieldRulesField, matchExistingField, syncModeField, syncOptionsField } from '../../../shared/syncFields';
import { syncVocabulary } from '../../../shared/syncOutput';
import type { SyncTarget } from '../../../shared/syncUsers';
import { executeSync, readIamInput } from '../../../shared/syncUsers';

const properties: INodeProperties[] = [
	{
		displayName:
			'Takes ALL input items as the complete user list of one source (the output of "Map to IAM User") and runs once. Reads the server\'s users, then writes one call per change. Only users this source created are changed — those whose external ID starts with "<source tag>/" — never anyone else\'s.',
		name: 'syncNotice',
		type: 'notice',
		default: '',
	},
	syncModeField,
	{
		displayName: 'Users Missing Upstream',
		name: 'removalPolicy',
		type: 'options',
		default: 'deactivate',
		options: [
			{ name: 'Deactivate', value: 'deactivate', description: 'Set active to false: no sign-in; the account and its data stay (reversible)' },
			{ name: 'Delete', value: 'delete', description: 'Delete the SCIM user' },
			{ name: 'Ignore', value: 'ignore', description: 'Leave them as they are' },
		],
		description: 'What happens to users of this source that are no longer in the directory',
	},
	{
		displayName: 'Source Name',
		name: 'source',
		type: 'string',
		default: '',
		placeholder: 'e.g. wecom:my-company',
		description:
			'Which users this sync owns: those whose source marker (kept in their external ID) is this value. Leave empty (recommended) to take it from the input users: Map to IAM User sets it to the provider and its Source Name, e.g. wecom:my-company. Changing the Source Name later leaves the users synced under the old one unmanaged: they are never updated or removed again.',
	},
	{
		displayName: 'User Name From',
		name: 'userNameFrom',
		type: 'options',
		default: 'name',
		options: [
			{ name: 'IAM User Name', value: 'name', description: 'The name "Map to IAM User" made' },
			{ name: 'Email', value: 'email', description: 'For servers that sign users in by email; users without an email keep the name' },
		],
		description:
			'What becomes the SCIM userName. Users are matched by external ID, so changing this later renames them instead of creating new ones.',
	},
	matchExistingField('Adopt a user owned by no source whose enterprise employeeNumber equals the directory\'s (map it with Employee Number)'),
	fieldRulesField([
		{ name: 'Department', value: 'department' },
		{ name: 'Display Name', value: 'displayName' },
		{ name: 'Email', value: 'email' },
		{ name: 'Employee Number', value: 'employeeNumber' },
		{ name: 'Family Name', value: 'familyName' },
		{ name: 'Given Name', value: 'givenName' },
		{ name: 'Manager', value: 'manager' },
		{ name: 'Phone', value: 'phone' },
		{ name: 'Title', value: 'title' },
		{ name: 'User Name', value: 'userName' },
	]),
	syncOptionsField('deactivate or delete'),
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['syncUsers'] } }, properties);

/** The planner's forbid is SCIM's deactivate (active = false). */
export const scimVocabulary = syncVocabulary({ action: 'deactivate', counted: 'deactivated' }, { action: 'reactivate', counted: 'reactivated' });

/** A SCIM server as a Sync Users target: every user read once, matched by the external ID that marks ownership. */
const scimTarget: SyncTarget<ScimClient, ScimUser[]> = {
	name: 'SCIM',
	vocabulary: scimVocabulary,
	prepare(ctx, client) {
		const removalParam = ctx.getNodeParameter('removalPolicy', 0) as 'deactivate' | 'delete' | 'ignore';
		const userNameFrom = ctx.getNodeParameter('userNameFrom', 0, 'name') as UserNameFrom;
		return {
			removal: removalParam === 'deactivate' ? 'forbid' : removalParam,
			removalLabel: removalParam,
			readInput: (options) => readIamInput(ctx, 'SCIM', { pick: pickScimInput, validate: validateScimInput }, options),
			checkInput(input) {
				if (!input.source.includes(OWNER_SEPARATOR)) return;
				throw new NodeOperationError(ctx.getNode(), `The source tag "${input.source}" contains "${OWNER_SEPARATOR}"`, {
					description: `"${OWNER_SEPARATOR}" separates the source name from the user ID in the external ID that marks the users this sync owns. Use a source name without it, e.g. wecom:my-company.`,
				});
			},
			readStored: async () => await client.listUsers(),
			plan(input, stored, policy) {
				const views = stored.map(fromScimUser);
				return planUserSync(input.users, views, policy, scimSyncRules(views, userNameFrom));
			},
			scope: () => ({}),
			writer: (stored) => scimSyncWriter(client, new Map(stored.map((u) => [String(u.id), u]))),
			concurrency: client.transport.concurrency,
		};
	},
};

/** Runs once for all input items: read every user once, plan, then output the plan or apply it. */
export async function executeOnce(this: IExecuteFunctions, client: ScimClient): Promise<INodeExecutionData[][]> {
	return await executeSync(this, client, scimTarget);
}
