import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { PlanPolicy, RemovalPolicy, SyncPlan, SyncWriter } from '../../lib/directory/engine/syncTypes';
import type { IamUser } from '../../lib/directory/mapping/iamUser';
import { toNodeError } from './errors';
import { checkInvalidInput, runSync, syncInputFailure } from './runSync';
import { readLinkAndFieldRules, readSyncRunOptions } from './syncFields';
import type { SyncInput, SyncInputOptions } from './syncInput';
import { readSyncInput } from './syncInput';
import type { SyncVocabulary } from './syncOutput';

/**
 * One Sync Users operation for every target. The steps and their order are the same for
 * Casdoor, SCIM and any later target (a directory written from an HR system, issue 18):
 * read the node's parameters, read and validate the input with the target's rules, stop on
 * invalid users unless "Continue on fail", read the target's stored users once, plan
 * (pure), then output the plan (Dry Run) or apply it. What differs comes from the target's
 * descriptor below; the node operation only declares its parameters and builds it.
 */

/** What one run of a target's Sync Users needs, built from the node's parameters. */
export interface SyncUsersRun<S> {
	/** Where the sync writes, for the summary ({organization} for Casdoor, {} for SCIM). */
	scope: IDataObject;
	/** The planner's removal policy, and the word the node's parameter used for it ("deactivate"). */
	removal: RemovalPolicy;
	removalLabel: string;
	/** The target's input fields and rules (the node must not get another target's column limits). */
	input: Pick<SyncInputOptions, 'pick' | 'validate' | 'organization'>;
	/** A check on the whole input once read (e.g. a source tag the target cannot store); throws a node error. */
	checkInput?(input: SyncInput): void;
	/** The stored users the plan is made against: one read. */
	readStored(): Promise<S[]>;
	/** The plan of the input users against the stored ones (pure: SyncRules + planUserSync). */
	plan(users: IamUser[], stored: S[], policy: PlanPolicy): SyncPlan;
	/** What carries out the plan's writes. */
	writer(stored: S[], input: SyncInput): SyncWriter;
	/** Parallel writes (the target's transport enforces the real limits). */
	concurrency: number;
}

/** A target of Sync Users: its name in messages, its words for the actions, and how a run is set up. */
export interface SyncUsersTarget<C, S> {
	/** "Casdoor", "SCIM". */
	name: string;
	vocabulary: SyncVocabulary;
	/** Read the target's own parameters (item 0); may throw a node error before anything is read. */
	prepare(ctx: IExecuteFunctions, client: C): SyncUsersRun<S>;
}

/** Run Sync Users for one target: runs once for all input items. */
export async function executeSyncUsers<C, S>(ctx: IExecuteFunctions, client: C, target: SyncUsersTarget<C, S>): Promise<INodeExecutionData[][]> {
	const node = ctx.getNode();
	const options = readSyncRunOptions(ctx);
	const run = target.prepare(ctx, client);

	let input: SyncInput;
	try {
		const sourceParam = String(ctx.getNodeParameter('source', 0, '') ?? '');
		input = readSyncInput(ctx.getInputData(), { ...run.input, target: target.name, sourceParam, declaredComplete: options.inputIsComplete });
	} catch (error) {
		throw syncInputFailure(ctx, error);
	}
	checkInvalidInput(ctx, input);
	run.checkInput?.(input);

	let stored: S[];
	let plan: SyncPlan;
	try {
		stored = await run.readStored();
		plan = run.plan(input.users, stored, {
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
	return await runSync(ctx, {
		plan,
		input,
		writer: run.writer(stored, input),
		concurrency: run.concurrency,
		context: { mode: options.mode, scope: run.scope, source, removal: run.removalLabel, unreadable, completeness },
		includeUnchanged: options.includeUnchanged,
		vocabulary: target.vocabulary,
	});
}
