import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { applySync } from '../../lib/directory/engine/applySync';
import type { SyncPlan, SyncWriter } from '../../lib/directory/engine/syncTypes';
import { isRemoval } from '../../lib/directory/engine/syncTypes';
import { errorJson, toNodeError } from './errors';
import type { SyncInput } from './syncInput';
import { SyncInputError } from './syncInput';
import type { SummaryContext, SyncVocabulary } from './syncOutput';
import { syncItems } from './syncOutput';

/** A SyncInputError as the node reports it: nothing was read or written. */
export function syncInputFailure(ctx: IExecuteFunctions, error: unknown): Error {
	if (error instanceof SyncInputError) {
		return new NodeOperationError(ctx.getNode(), error.message, {
			itemIndex: error.itemIndex,
			description: 'Nothing was read or written. Fix the input (all users of one source, each with a name) and run again.',
		});
	}
	return toNodeError(ctx.getNode(), error);
}

/**
 * Invalid input users: without "Continue on fail" the sync stops before any call; with it they
 * become error items (never written, never removed) and the others are synced.
 */
export function checkInvalidInput(ctx: IExecuteFunctions, input: SyncInput): void {
	if (input.invalid.length === 0 || ctx.continueOnFail()) return;
	const [first] = input.invalid;
	throw new NodeOperationError(ctx.getNode(), `Input item ${first.itemIndex} ("${first.name}"): ${first.error.message}`, {
		itemIndex: first.itemIndex,
		description: `Nothing was read or written. Fix "${first.error.field}" of that user (or turn on "Continue on fail" to sync the others and list the invalid ones on the error output).`,
	});
}

/** The invalid input users as error items, and the summary (the last item) counting them. */
function withInvalid(ctx: IExecuteFunctions, input: SyncInput, items: INodeExecutionData[]): INodeExecutionData[] {
	const node = ctx.getNode();
	const invalidItems = input.invalid.map(({ itemIndex, error }) => ({
		json: errorJson(toNodeError(node, error, itemIndex), error),
		pairedItem: { item: itemIndex },
	}));
	if (invalidItems.length > 0 && items.length > 0) items[items.length - 1].json.invalidInputs = invalidItems.length;
	return [...invalidItems, ...items];
}

export interface RunSyncParams {
	plan: SyncPlan;
	input: SyncInput;
	writer: SyncWriter;
	concurrency: number;
	context: SummaryContext;
	includeUnchanged: boolean;
	vocabulary?: SyncVocabulary;
}

/**
 * The part of Sync Users every target shares once the plan is made: Dry Run outputs it;
 * Apply refuses a plan the guard stopped, writes it (continue-on-fail per action), and
 * reports a stopped run with what was done before it stopped.
 */
export async function runSync(ctx: IExecuteFunctions, params: RunSyncParams): Promise<INodeExecutionData[][]> {
	const node = ctx.getNode();
	const { plan, input, context, includeUnchanged, vocabulary } = params;
	const count = ctx.getInputData().length;
	if (context.mode === 'dryRun') {
		return [withInvalid(ctx, input, syncItems(node, plan, undefined, input.itemIndex, count, context, includeUnchanged, vocabulary))];
	}
	if (plan.guard) {
		throw new NodeOperationError(node, `Sync stopped before any write: ${plan.guard.reason}.`, {
			description:
				'Nothing was written. Run in Dry Run mode to see the plan. If the removals are intended, turn on "Allow Large Removals" (or raise "Max Removals (%)") under Options for this run.',
		});
	}
	const { outcomes, stoppedBy } = await applySync(plan, params.writer, {
		concurrency: params.concurrency,
		stopOnError: !ctx.continueOnFail(),
	});
	if (stoppedBy) {
		const written = outcomes.filter((o) => o.status === 'done').length;
		const cause = toNodeError(node, stoppedBy.error);
		const { action, name, sourceIndex } = stoppedBy.action;
		const label = vocabulary?.[action].action ?? action;
		throw new NodeOperationError(node, `Sync stopped at ${label} of user "${name}": ${cause.message}`, {
			itemIndex: sourceIndex !== undefined ? input.itemIndex[sourceIndex] : undefined,
			description: `${written} write(s) were done before it stopped; removals run last and were ${
				outcomes.some((o) => o.status !== 'none' && isRemoval(o.action)) ? 'partly done' : 'not started'
			}. ${cause.description ?? ''} Turn on "Continue on fail" to record failed users and carry on with the others.`.trim(),
		});
	}
	return [withInvalid(ctx, input, syncItems(node, plan, outcomes, input.itemIndex, count, context, includeUnchanged, vocabulary))];
}
