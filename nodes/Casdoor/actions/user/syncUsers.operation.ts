import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { CasdoorClient } from '../../../../lib/casdoor/client';
import { pickUserFields } from '../../../../lib/casdoor/fields';
import { casdoorSyncWriter } from '../../../../lib/directory/casdoorSync';
import type { RemovalPolicy } from '../../../../lib/directory/syncPlan';
import { planSync } from '../../../../lib/directory/syncPlan';
import { toNodeError } from '../../../shared/errors';
import { checkInvalidInput, runSync, syncInputFailure } from '../../../shared/runSync';
import { fieldRulesField, matchExistingField, readLinkAndFieldRules, readSyncRunOptions, syncModeField, syncOptionsField } from '../../../shared/syncFields';
import { readSyncInput } from '../../../shared/syncInput';
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

/** Runs once for all input items: read once, plan, then output the plan or apply it. */
export async function executeOnce(this: IExecuteFunctions, client: CasdoorClient): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const items = this.getInputData();
	// As for the other operations: the parameter, else the input users' owner, else the credential's default.
	const firstOwner = items.map((item) => item.json.owner).find((owner) => typeof owner === 'string' && owner.trim() !== '');
	const organization =
		String(this.getNodeParameter('organization', 0, '') ?? '').trim() || (firstOwner as string | undefined)?.trim() || client.organization;
	const run = readSyncRunOptions(this);
	const removal = this.getNodeParameter('removalPolicy', 0) as RemovalPolicy;
	if (!organization) throw new NodeOperationError(node, 'No organization: set Organization here or the Default Organization in the credential');

	let input;
	try {
		const sourceParam = String(this.getNodeParameter('source', 0, '') ?? '');
		input = readSyncInput(items, { target: 'Casdoor', sourceParam, pick: pickUserFields, organization, declaredComplete: run.inputIsComplete });
	} catch (error) {
		throw syncInputFailure(this, error);
	}

	checkInvalidInput(this, input);

	let target;
	try {
		target = await client.listAllUsers(organization);
	} catch (error) {
		throw toNodeError(node, error);
	}
	const plan = planSync(input.users, target, {
		organization,
		source: input.source,
		removal,
		maxRemovalPercent: run.maxRemovalPercent,
		maxRemovalCount: run.maxRemovalCount,
		allowLargeRemovals: run.allowLargeRemovals,
		unreadable: input.unreadable,
		completeness: input.completeness,
		...readLinkAndFieldRules(this),
		keep: input.invalid.map((x) => x.user),
	});
	return await runSync(this, {
		plan,
		input,
		writer: casdoorSyncWriter(client, input.source),
		concurrency: client.transport.concurrency,
		context: { mode: run.mode, scope: { organization }, source: input.source, removal, unreadable: input.unreadable, completeness: input.completeness },
		includeUnchanged: run.includeUnchanged,
		vocabulary: casdoorVocabulary,
	});
}
