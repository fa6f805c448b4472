import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { UserNameFrom } from '../../../../lib/directory/scimUser';
import { OWNER_SEPARATOR } from '../../../../lib/directory/scimUser';
import { scimSyncRules, scimSyncWriter } from '../../../../lib/directory/scimSync';
import type { RemovalPolicy } from '../../../../lib/directory/syncPlan';
import { planUserSync } from '../../../../lib/directory/syncPlan';
import type { ScimClient } from '../../../../lib/scim/client';
import type { ScimUser } from '../../../../lib/scim/types';
import { fromScimUser } from '../../../../lib/scim/userView';
import { toNodeError } from '../../../shared/errors';
import { checkInvalidInput, runSync, syncInputFailure } from '../../../shared/runSync';
import { fieldRulesField, matchExistingField, readLinkAndFieldRules, readSyncRunOptions, syncModeField, syncOptionsField } from '../../../shared/syncFields';
import { readSyncInput } from '../../../shared/syncInput';
import type { SyncVocabulary } from '../../../shared/syncOutput';

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
export const scimVocabulary: SyncVocabulary = {
	create: { action: 'create', counted: 'created' },
	update: { action: 'update', counted: 'updated' },
	link: { action: 'link', counted: 'linked' },
	unforbid: { action: 'reactivate', counted: 'reactivated' },
	forbid: { action: 'deactivate', counted: 'deactivated' },
	delete: { action: 'delete', counted: 'deleted' },
	unchanged: { action: 'unchanged', counted: 'unchanged' },
	skip: { action: 'skip', counted: 'skipped' },
};

/** The IAM user fields and the extra SCIM ones (see lib/directory/scimUser.ts) an input item may carry. */
const INPUT_FIELDS = [
	'externalId', 'displayName', 'email', 'phone', 'title', 'isForbidden',
	'givenName', 'familyName', 'employeeNumber', 'department', 'managerId',
];

function pickScimInput(json: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of INPUT_FIELDS) if (json[key] !== undefined && json[key] !== null && json[key] !== '') out[key] = json[key];
	return out;
}

/** Runs once for all input items: read every user once, plan, then output the plan or apply it. */
export async function executeOnce(this: IExecuteFunctions, client: ScimClient): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const run = readSyncRunOptions(this);
	const removalParam = this.getNodeParameter('removalPolicy', 0) as 'deactivate' | 'delete' | 'ignore';
	const removal: RemovalPolicy = removalParam === 'deactivate' ? 'forbid' : removalParam;
	const userNameFrom = this.getNodeParameter('userNameFrom', 0, 'name') as UserNameFrom;

	let input;
	try {
		const sourceParam = String(this.getNodeParameter('source', 0, '') ?? '');
		input = readSyncInput(this.getInputData(), { target: 'SCIM', sourceParam, pick: pickScimInput, declaredComplete: run.inputIsComplete });
	} catch (error) {
		throw syncInputFailure(this, error);
	}
	checkInvalidInput(this, input);
	if (input.source.includes(OWNER_SEPARATOR)) {
		throw new NodeOperationError(node, `The source tag "${input.source}" contains "${OWNER_SEPARATOR}"`, {
			description: `"${OWNER_SEPARATOR}" separates the source name from the user ID in the external ID that marks the users this sync owns. Use a source name without it, e.g. wecom:my-company.`,
		});
	}

	let stored: ScimUser[];
	try {
		stored = await client.listUsers();
	} catch (error) {
		throw toNodeError(node, error);
	}
	const views = stored.map(fromScimUser);
	let plan;
	try {
		plan = planUserSync(input.users, views, {
			source: input.source,
			removal,
			maxRemovalPercent: run.maxRemovalPercent,
			maxRemovalCount: run.maxRemovalCount,
			allowLargeRemovals: run.allowLargeRemovals,
			unreadable: input.unreadable,
			completeness: input.completeness,
			...readLinkAndFieldRules(this),
			keep: input.invalid.map((x) => x.user),
		}, scimSyncRules(views, userNameFrom));
	} catch (error) {
		throw toNodeError(node, error);
	}
	return await runSync(this, {
		plan,
		input,
		writer: scimSyncWriter(client, new Map(stored.map((u) => [String(u.id), u]))),
		concurrency: client.transport.concurrency,
		context: { mode: run.mode, scope: {}, source: input.source, removal: removalParam, unreadable: input.unreadable, completeness: input.completeness },
		includeUnchanged: run.includeUnchanged,
		vocabulary: scimVocabulary,
	});
}
