import type { IExecuteFunctions, INode, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { CasdoorClient } from '../../../../lib/casdoor/client';
import type { CasdoorRole, CasdoorUser } from '../../../../lib/casdoor/types';
import type { NameRule } from '../../../../lib/directory/mapping/iamNames';
import type { RoleAction, RoleRemovalPolicy } from '../../../../lib/directory/targets/casdoor/rolePlan';
import { isRoleRemoval, isRoleWrite, planRoles } from '../../../../lib/directory/targets/casdoor/rolePlan';
import { runPlan } from '../../../../lib/directory/engine/runPlan';
import { toNodeError } from '../../../shared/errors';
import type { Completeness } from '../../../../lib/directory/engine/completeness';
import { inputIsCompleteOption, syncGuardOptions } from '../../../shared/syncFields';
import { readRoleNameOptions, roleNamingOption, rolePrefixOption } from '../../../shared/roleOptions';
import { roleSyncItems } from '../../helpers/roleOutput';
import { writeRole } from '../../../../lib/directory/targets/casdoor/roleWriter';
import type { NamedEntry } from '../../helpers/roleDesired';
import { desiredFromDirectory, desiredFromUsers, nameDirectoryRoles } from '../../helpers/roleDesired';
import type { UserRoles } from '../../helpers/roleInput';
import { readDirectoryRoles, readUserRoles } from '../../helpers/roleInput';
import { SyncInputError } from '../../../shared/syncInput';

const properties: INodeProperties[] = [
	{
		displayName:
			"Takes ALL input items as the complete set of one source's tags / roles and runs once: each becomes a Casdoor role whose members are exactly the matching Casdoor users. Reads the organization's roles (and users) once, then writes one call per changed role. Only roles this source created (marked in their description) are ever changed.",
		name: 'syncRolesNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Mode',
		name: 'mode',
		description: 'Dry Run shows what the sync would do; Apply does it. Start with Dry Run.',
		type: 'options',
		default: 'dryRun',
		options: [
			{ name: 'Dry Run', value: 'dryRun', description: 'Output the plan; write nothing' },
			{ name: 'Apply', value: 'apply', description: 'Execute the plan: creates and updates first, removals last' },
		],
	},
	{
		displayName: 'Input',
		name: 'roleInput',
		description: 'What the input items are',
		type: 'options',
		default: 'directoryRoles',
		options: [
			{
				name: 'Directory Roles',
				value: 'directoryRoles',
				description: 'One item per tag / role with its members\' userids: WeCom Tag → Get Members, DingTalk Role → Get Members',
			},
			{
				name: 'IAM Users With Roles',
				value: 'iamUsers',
				description: 'One item per user from Map to IAM User with "Tags / Roles as Roles" on',
			},
		],
	},
	{
		displayName: 'Roles Missing Upstream',
		name: 'roleRemovalPolicy',
		type: 'options',
		default: 'empty',
		options: [
			{ name: 'Empty', value: 'empty', description: 'Remove all members; the role and its permissions stay (reversible)' },
			{ name: 'Delete', value: 'delete', description: 'Delete the Casdoor role' },
			{ name: 'Ignore', value: 'ignore', description: 'Leave them as they are' },
		],
		description: 'What happens to roles of this source whose tag / role is no longer in the input',
	},
	{
		displayName: 'Source Name',
		name: 'source',
		type: 'string',
		default: '',
		placeholder: 'e.g. wecom:my-company',
		description:
			'Which Casdoor roles this sync owns, and whose users the members are: the source marker, e.g. wecom:my-company. Leave empty (recommended) to take it from the input (Get Members and Map to IAM User set it). Changing it later leaves the roles synced under the old one unmanaged.',
	},
	{
		displayName: 'Options',
		name: 'syncOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				...inputIsCompleteOption,
				description:
					'Whether the input is every tag / role (Directory Roles) or every user (IAM Users) of the source, so that roles missing from it may be emptied or deleted and members missing from it removed. Off: with IAM Users, removals happen only when the users come unfiltered from a complete directory read; with Directory Roles, roles missing from the input are removed only when the tags / roles come unfiltered from Tag / Role → Get Many with Return All on (members of the roles in the input are replaced either way). A read that says itself it is incomplete still holds removals.',
			},
			...syncGuardOptions(
				'role',
				"Stop before any write when the role memberships (or roles) to remove exceed this share of the source's existing ones",
			),
			roleNamingOption,
			rolePrefixOption,
			{
				displayName: 'User Name Rule',
				name: 'nameRule',
				type: 'options',
				default: 'sanitize',
				options: [
					{ name: 'Sanitize', value: 'sanitize', description: 'Make an ID valid for Casdoor the way Map to IAM User does (invalid characters → "-", plus a short hash)' },
					{ name: 'Keep', value: 'keep', description: 'Use the ID as it is' },
				],
				description:
					"Directory Roles input: members are found by their Casdoor user's WeCom / DingTalk field (Map to IAM User sets it); a userid without one is tried as a user name made with this rule, as Map to IAM User's Name Rule does",
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['role'], operation: ['syncRoles'] } }, properties);

interface SyncOptions {
	allowLargeRemovals?: boolean;
	includeUnchanged?: boolean;
	maxRemovalPercent?: number;
	maxRemovalCount?: number;
	inputIsComplete?: boolean;
	roleNaming?: string;
	rolePrefix?: string;
	nameRule?: NameRule;
}

/**
 * What the completeness contract holds back. Directory Roles: each item is one role's whole
 * member list, so memberships follow it; a role missing from an input not shown complete
 * (the tag / role list limited, filtered, or not from Get Many) stays as it is. IAM Users:
 * the users' read marks decide; a user in the input has its roles known whole either way.
 */
function roleHold(
	parsed: { kind: 'directory'; completeness: Completeness } | ({ kind: 'users' } & UserRoles),
): { reason: string; known?: ReadonlySet<string> } | undefined {
	if (parsed.completeness.reach === 'whole') return undefined;
	const reason = parsed.completeness.reasons.join('; ');
	return parsed.kind === 'directory' ? { reason } : { reason, known: parsed.known };
}

type ParsedRoles = { kind: 'directory'; named: NamedEntry[]; source: string; completeness: Completeness } | ({ kind: 'users' } & UserRoles);

/** The input as directory roles (named now, so a role without a usable name stops the run) or as IAM users with roles. */
function parseRoleInput(node: INode, items: INodeExecutionData[], directory: boolean, organization: string, sourceParam: string, options: SyncOptions): ParsedRoles {
	try {
		if (directory) {
			const { roles, source, completeness } = readDirectoryRoles(items, sourceParam, options.inputIsComplete === true);
			return { kind: 'directory', named: nameDirectoryRoles(roles, readRoleNameOptions(options)), source, completeness };
		}
		return { kind: 'users', ...readUserRoles(items, organization, sourceParam, options.inputIsComplete === true) };
	} catch (error) {
		if (error instanceof SyncInputError) {
			throw new NodeOperationError(node, error.message, {
				itemIndex: error.itemIndex,
				description: 'Nothing was read or written. Fix the input (all tags / roles of one source) and run again.',
			});
		}
		throw toNodeError(node, error);
	}
}

/** Runs once for all input items: read once, plan, then output the plan or apply it. */
export async function executeOnce(this: IExecuteFunctions, client: CasdoorClient): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const items = this.getInputData();
	const firstOwner = items.map((item) => item.json.owner).find((owner) => typeof owner === 'string' && owner.trim() !== '');
	const organization =
		String(this.getNodeParameter('organization', 0, '') ?? '').trim() || (firstOwner as string | undefined)?.trim() || client.organization;
	if (!organization) throw new NodeOperationError(node, 'No organization: set Organization here or the Default Organization in the credential');
	const mode = this.getNodeParameter('mode', 0) as 'dryRun' | 'apply';
	const inputKind = this.getNodeParameter('roleInput', 0) as 'directoryRoles' | 'iamUsers';
	const removal = this.getNodeParameter('roleRemovalPolicy', 0) as RoleRemovalPolicy;
	const sourceParam = String(this.getNodeParameter('source', 0, '') ?? '');
	const options = this.getNodeParameter('syncOptions', 0, {}) as SyncOptions;

	// The input is checked before anything is read: a bad item must cost no call.
	const parsed = parseRoleInput(node, items, inputKind === 'directoryRoles', organization, sourceParam, options);
	let target: CasdoorRole[];
	let users: CasdoorUser[];
	try {
		[target, users] = await Promise.all([
			client.listAllRoles(organization),
			parsed.kind === 'directory' ? client.listAllUsers(organization) : Promise.resolve([]),
		]);
	} catch (error) {
		throw toNodeError(node, error);
	}
	const desired =
		parsed.kind === 'directory'
			? { ...desiredFromDirectory(parsed.named, users, parsed.source, options.nameRule ?? 'sanitize', organization), source: parsed.source }
			: { roles: desiredFromUsers(parsed), unmatched: 0, source: parsed.source };

	const hold = roleHold(parsed);
	const plan = planRoles(desired.roles, target, {
		organization,
		source: desired.source,
		removal,
		maxRemovalPercent: options.maxRemovalPercent ?? 20,
		maxRemovalCount: Math.max(0, Math.floor(Number(options.maxRemovalCount ?? 0)) || 0),
		allowLargeRemovals: options.allowLargeRemovals === true,
		hold,
	});
	const context = { mode, organization, source: desired.source, removal, unmatchedUsers: desired.unmatched, holdReason: hold?.reason };
	const includeUnchanged = options.includeUnchanged === true;
	if (mode === 'dryRun') return [roleSyncItems(node, plan, undefined, items.length, context, includeUnchanged)];
	if (plan.guard) {
		throw new NodeOperationError(node, `Sync stopped before any write: ${plan.guard.reason}.`, {
			description:
				'Nothing was written. Run in Dry Run mode to see the plan. If the removals are intended, turn on "Allow Large Removals" (or raise "Max Removals (%)") under Options for this run.',
		});
	}
	const phaseOf = (action: RoleAction) => (!isRoleWrite(action) ? undefined : isRoleRemoval(action) ? 1 : 0);
	const { outcomes, stoppedBy } = await runPlan(plan.actions, phaseOf, async (action) => await writeRole(client, action, desired.source), {
		concurrency: client.transport.concurrency,
		stopOnError: !this.continueOnFail(),
	});
	if (stoppedBy) {
		const written = outcomes.filter((o) => o.status === 'done').length;
		const cause = toNodeError(node, stoppedBy.error);
		throw new NodeOperationError(node, `Sync stopped at ${stoppedBy.action.action} of role "${stoppedBy.action.name}": ${cause.message}`, {
			itemIndex: stoppedBy.action.itemIndex,
			description: `${written} write(s) were done before it stopped; removals run last. ${cause.description ?? ''} Turn on "Continue on fail" to record failed roles and carry on with the others.`.trim(),
		});
	}
	return [roleSyncItems(node, plan, outcomes, items.length, context, includeUnchanged)];
}
