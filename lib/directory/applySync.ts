import type { Outcome, RunOptions, RunResult, WriteAnswer } from './runPlan';
import { runPlan } from './runPlan';
import type { SyncAction, SyncPlan } from './syncPlan';
import { isRemoval, isWrite } from './syncPlan';

/** How a target carries out one planned write; each target (Casdoor, SCIM) provides one. */
export interface SyncWriter {
	/** Resolves true when the write changed something, false when the target says it changed nothing, BY_ANOTHER_RUN when another run did it. */
	write(action: SyncAction): Promise<WriteAnswer>;
}

/** What became of one sync action ('none' for actions that write nothing). */
export type ActionOutcome = Outcome<SyncAction>;

export type ApplyOptions = RunOptions;

export type ApplyResult = RunResult<SyncAction>;

/**
 * Execute a plan: creates and updates first, removals last, so a run that fails midway
 * never forbids or deletes users before the rest of the directory was written (the phased
 * runner is shared with Sync Roles, runPlan.ts).
 */
export async function applySync(plan: SyncPlan, writer: SyncWriter, options: ApplyOptions): Promise<ApplyResult> {
	if (plan.guard) throw new Error(`Refusing to apply a sync plan stopped by the removal guard: ${plan.guard.reason}`);
	const phaseOf = (action: SyncAction) => (!isWrite(action) ? undefined : isRemoval(action) ? 1 : 0);
	return await runPlan(plan.actions, phaseOf, async (action) => await writer.write(action), options);
}
