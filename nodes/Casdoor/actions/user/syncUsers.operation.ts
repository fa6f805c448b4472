import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { CasdoorClient } from '../../../../lib/casdoor/client';
import { applySync } from '../../../../lib/directory/applySync';
import type { RemovalPolicy } from '../../../../lib/directory/syncPlan';
import { planSync } from '../../../../lib/directory/syncPlan';
import { errorJson, toNodeError } from '../../../shared/errors';
import { readSyncInput, SyncInputError } from '../../helpers/syncInput';
import { syncItems } from '../../helpers/syncOutput';

const properties: INodeProperties[] = [
	{
		displayName:
			'Takes ALL input items as the complete user list of one source (e.g. the output of "Map to IAM User") and runs once. Reads the organization\'s users in one call, then writes one call per change. Only users tagged with this source are changed; local users and other sources\' users are never touched.',
		name: 'syncNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		default: 'dryRun',
		options: [
			{ name: 'Dry Run', value: 'dryRun', description: 'Output the plan; write nothing' },
			{ name: 'Apply', value: 'apply', description: 'Execute the plan: creates and updates first, removals last' },
		],
	},
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
		displayName: 'Source Tag',
		name: 'source',
		type: 'string',
		default: '',
		placeholder: 'e.g. wecom:acme',
		description:
			'Which Casdoor users this sync owns: those whose properties.source equals this tag. Leave empty to take it from the input users (Map to IAM User sets it).',
	},
	{
		displayName: 'Options',
		name: 'syncOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Allow Large Removals',
				name: 'allowLargeRemovals',
				type: 'boolean',
				default: false,
				description:
					'Whether to apply even when the removals exceed Max Removals or the input is empty. Use it once for a deliberate reorganisation, then turn it off.',
			},
			{
				displayName: 'Include Unchanged',
				name: 'includeUnchanged',
				type: 'boolean',
				default: false,
				description: 'Whether to output an item for every unchanged user too (the summary always counts them)',
			},
			{
				displayName: 'Max Removals (%)',
				name: 'maxRemovalPercent',
				type: 'number',
				default: 20,
				typeOptions: { minValue: 0, maxValue: 100 },
				description:
					"Stop before any write when the users to forbid or delete exceed this share of the source's existing users",
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['syncUsers'] } }, properties);

interface SyncOptions {
	allowLargeRemovals?: boolean;
	includeUnchanged?: boolean;
	maxRemovalPercent?: number;
}

/** Runs once for all input items: read once, plan, then output the plan or apply it. */
export async function executeOnce(this: IExecuteFunctions, client: CasdoorClient): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const items = this.getInputData();
	// As for the other operations: the parameter, else the input users' owner, else the credential's default.
	const firstOwner = items.map((item) => item.json.owner).find((owner) => typeof owner === 'string' && owner.trim() !== '');
	const organization =
		String(this.getNodeParameter('organization', 0, '') ?? '').trim() || (firstOwner as string | undefined)?.trim() || client.organization;
	const mode = this.getNodeParameter('mode', 0) as 'dryRun' | 'apply';
	const removal = this.getNodeParameter('removalPolicy', 0) as RemovalPolicy;
	const options = this.getNodeParameter('syncOptions', 0, {}) as SyncOptions;
	if (!organization) throw new NodeOperationError(node, 'No organization: set Organization here or the Default Organization in the credential');

	let input;
	try {
		input = readSyncInput(items, organization, String(this.getNodeParameter('source', 0, '') ?? ''));
	} catch (error) {
		if (error instanceof SyncInputError) {
			throw new NodeOperationError(node, error.message, {
				itemIndex: error.itemIndex,
				description: 'Nothing was read or written. Fix the input (all users of one source, each with a name) and run again.',
			});
		}
		throw toNodeError(node, error);
	}

	// Invalid users: without "Continue on fail" the sync stops before any call; with it they
	// become error items (never written, never removed) and the others are synced.
	const continueOnFail = this.continueOnFail();
	if (input.invalid.length > 0 && !continueOnFail) {
		const [first] = input.invalid;
		throw new NodeOperationError(node, `Input item ${first.itemIndex} ("${first.name}"): ${first.error.message}`, {
			itemIndex: first.itemIndex,
			description: `Nothing was read or written. Fix "${first.error.field}" of that user (or turn on "Continue on fail" to sync the others and list the invalid ones on the error output).`,
		});
	}
	const invalidItems = input.invalid.map(({ itemIndex, error }) => ({
		json: errorJson(toNodeError(node, error, itemIndex), error),
		pairedItem: { item: itemIndex },
	}));

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
		maxRemovalPercent: options.maxRemovalPercent ?? 20,
		allowLargeRemovals: options.allowLargeRemovals === true,
		unreadable: input.unreadable,
		keep: input.invalid.map((x) => x.name),
	});
	const context = { mode, organization, source: input.source, removal, unreadable: input.unreadable };
	const includeUnchanged = options.includeUnchanged === true;
	if (mode === 'dryRun') {
		return [[...invalidItems, ...withInvalidCount(syncItems(node, plan, undefined, input.itemIndex, items.length, context, includeUnchanged), invalidItems.length)]];
	}
	if (plan.guard) {
		throw new NodeOperationError(node, `Sync stopped before any write: ${plan.guard.reason}.`, {
			description:
				'Nothing was written. Run in Dry Run mode to see the plan. If the removals are intended, turn on "Allow Large Removals" (or raise "Max Removals (%)") under Options for this run.',
		});
	}
	const { outcomes, stoppedBy } = await applySync(plan, client, {
		concurrency: client.transport.concurrency,
		stopOnError: !continueOnFail,
		source: input.source,
	});
	if (stoppedBy) {
		const written = outcomes.filter((o) => o.status === 'done').length;
		const cause = toNodeError(node, stoppedBy.error);
		const { action, name } = stoppedBy.action;
		throw new NodeOperationError(node, `Sync stopped at ${action} of user "${name}": ${cause.message}`, {
			itemIndex: stoppedBy.action.sourceIndex !== undefined ? input.itemIndex[stoppedBy.action.sourceIndex] : undefined,
			description: `${written} write(s) were done before it stopped; removals run last and were ${
				outcomes.some((o) => o.status !== 'none' && (o.action.action === 'forbid' || o.action.action === 'delete'))
					? 'partly done'
					: 'not started'
			}. ${cause.description ?? ''} Turn on "Continue on fail" to record failed users and carry on with the others.`.trim(),
		});
	}
	return [[...invalidItems, ...withInvalidCount(syncItems(node, plan, outcomes, input.itemIndex, items.length, context, includeUnchanged), invalidItems.length)]];
}

/** The summary (the last item) counts the input users left out as invalid. */
function withInvalidCount(items: INodeExecutionData[], invalid: number): INodeExecutionData[] {
	if (invalid > 0 && items.length > 0) items[items.length - 1].json.invalidInputs = invalid;
	return items;
}
