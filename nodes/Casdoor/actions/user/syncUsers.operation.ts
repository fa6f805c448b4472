import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { CasdoorClient } from '../../../../lib/casdoor/client';
import { pickUserFields } from '../../../../lib/casdoor/fields';
import type { CasdoorUser } from '../../../../lib/casdoor/types';
import { validateUserFields } from '../../../../lib/casdoor/validate';
import { casdoorSyncWriter } from '../../../../lib/directory/targets/casdoor/casdoorWriter';
import type { RemovalPolicy } from '../../../../lib/directory/engine/syncTypes';
import { planSync } from '../../../../lib/directory/targets/casdoor/casdoorPlan';
import { fieldRulesField, matchExistingField, syncModeField, syncOptionsField } from '../../../shared/syncFields';
import type { SyncTarget } from '../../../shared/syncUsers';
import { executeSync, readIamInput } from '../../../shared/syncUsers';
import { casdoorVocabulary } from '../../../shared/syncOutput';

const properties: INodeProperties[] = [
	{
		displayName:
			'Takes ALL input items as the complete user list of one source (e.g. the output of "Map to IAM User") and runs once. Reads the organization\'s users in one call, then writes one call per change. Only users tagged with this source are changed; local users and other sources\' users are never touched.',
		name: 'syncNotice',
		type: 'notice',
		default: '',
	},
	syncModeField,
	{
		displayName: 'Users Missing Upstream',
		name: 'removalPolicy',
		type: 'options',
		default: 'forbid',
		options: [
			{ name: 'Forbid', value: 'forbid', description: 'Block sign-in; the account and its data stay (reversible)' },
			{ name: 'Delete', value: 'delete', description: 'Delete the Casdoor user' },
			{ name: 'Ignore', value: 'ignore', description: "Leave them as they are (Casdoor's own syncer does this)" },
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
			'Which users this sync owns: those whose source marker (properties.source) is this value. Leave empty (recommended) to take it from the input users: Map to IAM User sets it to the provider and its Source Name, e.g. wecom:my-company. Changing the Source Name later leaves the users synced under the old one unmanaged: they are never updated or removed again.',
	},
	matchExistingField("Adopt a user owned by no source whose name equals the mapped user name (Casdoor has no job-number column; Map to IAM User names DingTalk users by job number, as Casdoor's syncer does)"),
	fieldRulesField([
		{ name: 'Avatar', value: 'avatar' },
		{ name: 'Display Name', value: 'displayName' },
		{ name: 'Email', value: 'email' },
		{ name: 'Gender', value: 'gender' },
		{ name: 'Groups', value: 'groups' },
		{ name: 'Is Admin', value: 'isAdmin' },
		{ name: 'Phone', value: 'phone' },
		{ name: 'Title', value: 'title' },
	]),
	syncOptionsField('forbid or delete'),
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['syncUsers'] } }, properties);

/** Casdoor as a Sync Users target: one organization, users read in one call, written one call per change. */
const casdoorTarget: SyncTarget<CasdoorClient, CasdoorUser[]> = {
	name: 'Casdoor',
	vocabulary: casdoorVocabulary,
	prepare(ctx, client) {
		const items = ctx.getInputData();
		// As for the other operations: the parameter, else the input users' owner, else the credential's default.
		const firstOwner = items.map((item) => item.json.owner).find((owner) => typeof owner === 'string' && owner.trim() !== '');
		const organization =
			String(ctx.getNodeParameter('organization', 0, '') ?? '').trim() || (firstOwner as string | undefined)?.trim() || client.organization;
		const removal = ctx.getNodeParameter('removalPolicy', 0) as RemovalPolicy;
		if (!organization) throw new NodeOperationError(ctx.getNode(), 'No organization: set Organization here or the Default Organization in the credential');
		return {
			removal,
			removalLabel: removal,
			readInput: (options) => readIamInput(ctx, 'Casdoor', { pick: pickUserFields, validate: (fields) => validateUserFields(fields), organization }, options),
			readStored: async () => await client.listAllUsers(organization),
			plan: (input, stored, policy) => planSync(input.users, stored, { ...policy, organization }),
			scope: () => ({ organization }),
			writer: (_stored, input) => casdoorSyncWriter(client, input.source),
			concurrency: client.transport.concurrency,
		};
	},
};

/** Runs once for all input items: read once, plan, then output the plan or apply it. */
export async function executeOnce(this: IExecuteFunctions, client: CasdoorClient): Promise<INodeExecutionData[][]> {
	return await executeSync(this, client, casdoorTarget);
}
