import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { PlanPolicy, RemovalPolicy, SyncPlan, SyncWriter } from '../../lib/directory/engine/syncTypes';
import { toNodeError } from './errors';
import { checkInvalidInput, runSync, syncInputFailure } from './runSync';
import type { SyncRunOptions } from './syncFields';
import { readLinkAndFieldRules, readSyncRunOptions } from './syncFields';
import type { SyncInput, SyncInputOptions } from './syncInput';
import { readSyncInput } from './syncInput';
import type { SyncVocabulary } from './syncOutput';

/**
 * One sync operation for every target: Casdoor and SCIM (Sync Users), and the directory itself
 * written from HR rows (WeCom Sync Members, DingTalk Sync Users From Input). The steps and
 * their order are the same for all: read the node's parameters, read and validate the input
 * with the target's rules, stop on invalid input unless "Continue on fail", read the target's
 * stored state once, resolve what needs it, plan (no calls), then output the plan (Dry Run) or
 * apply it (runSync). What differs comes from the target's descriptor; the node operation
 * only declares its parameters and builds the descriptor.
 */

/** What one run of a target's sync needs, built from the node's parameters. `T` is what the stored read returns. */
export interface SyncRun<T> {
	/** The planner's removal policy, and the word the node's parameter used for it ("deactivate"). */
	removal: RemovalPolicy;
	removalLabel: string;
	/** The input, read and checked with the target's rules before any call (readIamInput for IAM targets). */
	readInput(options: SyncRunOptions): SyncInput;
	/** A check on the whole input once read (e.g. a source tag the target cannot store); throws a node error. */
	checkInput?(input: SyncInput): void;
	/** The stored state the plan is made against: one read. */
	readStored(): Promise<T>;
	/** After the read, before planning: what needs the stored state (departments by path); may mark more input invalid. */
	resolve?(input: SyncInput, stored: T): void;
	/** The plan of the input against the stored state (no calls; the input records become the desired ones, see SyncRules.desired). */
	plan(input: SyncInput, stored: T, policy: PlanPolicy): SyncPlan;
	/** What carries out the plan's writes. */
	writer(stored: T, input: SyncInput): SyncWriter;
	/** Where the sync writes, for the summary ({organization} for Casdoor); asked once the plan exists. */
	scope(): IDataObject;
	/** Parallel writes (the target's transport enforces the real limits). */
	concurrency: number;
	/** The target's own last words on the output items (the member sync's moves and departments). */
	finish?(out: INodeExecutionData[], mode: SyncRunOptions['mode']): void;
}

/** A sync target: its name in messages, its words for the actions, and how a run is set up. */
export interface SyncTarget<C, T> {
	/** "Casdoor", "SCIM", "WeCom". */
	name: string;
	vocabulary: SyncVocabulary;
	/** Read the target's own parameters (item 0); may throw a node error before anything is read. */
	prepare(ctx: IExecuteFunctions, client: C): SyncRun<T>;
}

/** The input of an IAM target: Map to IAM User's records, with the target's fields and rules, of one source. */
export function readIamInput(
	ctx: IExecuteFunctions,
	target: string,
	rules: Pick<SyncInputOptions, 'pick' | 'validate' | 'organization'>,
	options: SyncRunOptions,
): SyncInput {
	const sourceParam = String(ctx.getNodeParameter('source', 0, '') ?? '');
	return readSyncInput(ctx.getInputData(), { ...rules, target, sourceParam, declaredComplete: options.inputIsComplete });
}

/** Run a target's sync: runs once for all input items. */
export async function executeSync<C, T>(ctx: IExecuteFunctions, client: C, target: SyncTarget<C, T>): Promise<INodeExecutionData[][]> {
	const node = ctx.getNode();
	const options = readSyncRunOptions(ctx);
	const run = target.prepare(ctx, client);

	let input: SyncInput;
	try {
		input = run.readInput(options);
	} catch (error) {
		throw syncInputFailure(ctx, error);
	}
	checkInvalidInput(ctx, input);
	run.checkInput?.(input);

	let stored: T;
	try {
		stored = await run.readStored();
		run.resolve?.(input, stored);
	} catch (error) {
		throw toNodeError(node, error);
	}
	if (run.resolve) checkInvalidInput(ctx, input);
	let plan: SyncPlan;
	try {
		plan = run.plan(input, stored, {
			source: input.source,
			removal: run.removal,
			maxRemovalPercent: options.maxRemovalPercent,
			maxRemovalCount: options.maxRemovalCount,
			allowLargeRemovals: options.allowLargeRemovals,
			unreadable: input.unreadable,
			completeness: input.completeness,
			...readLinkAndFieldRules(ctx),
			keep: input.invalid.map((x) => x.user),
		});
	} catch (error) {
		throw toNodeError(node, error);
	}
	const { unreadable, completeness, source } = input;
	const writer = run.writer(stored, input);
	const [out] = await runSync(ctx, {
		plan,
		input,
		writer,
		concurrency: run.concurrency,
		context: { mode: options.mode, scope: run.scope(), source, removal: run.removalLabel, unreadable, completeness },
		includeUnchanged: options.includeUnchanged,
		vocabulary: target.vocabulary,
	});
	run.finish?.(out, options.mode);
	return [out];
}
