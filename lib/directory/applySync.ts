import { DirectoryApiError } from '../transport/errors';
import { mapConcurrent } from '../transport/pool';
import type { SyncAction, SyncPlan } from './syncPlan';
import { isRemoval, isWrite } from './syncPlan';

/** How a target carries out one planned write; each target (Casdoor, SCIM) provides one. */
export interface SyncWriter {
	/** Resolves true when the write changed something, false when the target says it changed nothing. */
	write(action: SyncAction): Promise<boolean>;
}

export interface ActionOutcome {
	action: SyncAction;
	/** 'done' written, 'failed' refused, 'none' for actions that write nothing (or were not started). */
	status: 'done' | 'failed' | 'none';
	/** The target answered that the write changed nothing (Casdoor's "Unaffected"). */
	unaffected?: boolean;
	error?: unknown;
}

export interface ApplyOptions {
	concurrency: number;
	/** Stop at the first refused write (the node's "Continue on fail" is off). */
	stopOnError: boolean;
}

/** A failure that makes every further write fail the same way: stop the whole run. */
function isRunFatal(error: unknown): boolean {
	return error instanceof DirectoryApiError && (error.errorClass === 'config' || error.errorClass === 'token');
}

export interface ApplyResult {
	outcomes: ActionOutcome[];
	/** The failure that stopped the run (a configuration error, or any error with stopOnError); later actions were not started. */
	stoppedBy?: ActionOutcome;
}

/**
 * Execute a plan: creates and updates first, removals last, so a run that fails midway
 * never removed anyone before it added their replacements. One write per action. A
 * configuration failure (credential, organization) stops the run at once; other failures
 * are recorded per action, or stop the run when `stopOnError` is set.
 */
export async function applySync(plan: SyncPlan, writer: SyncWriter, options: ApplyOptions): Promise<ApplyResult> {
	if (plan.guard) throw new Error(`Refusing to apply a sync plan stopped by the removal guard: ${plan.guard.reason}`);
	const outcomes: ActionOutcome[] = plan.actions.map((action) => ({ action, status: 'none' }));
	const phases = [
		outcomes.filter((o) => isWrite(o.action) && !isRemoval(o.action)),
		outcomes.filter((o) => isRemoval(o.action)),
	];
	let stoppedBy: ActionOutcome | undefined;
	for (const phase of phases) {
		try {
			await mapConcurrent(phase, options.concurrency, async (outcome) => {
				let failed = false;
				try {
					const affected = await writer.write(outcome.action);
					outcome.status = 'done';
					if (!affected) outcome.unaffected = true;
				} catch (error) {
					failed = true;
					outcome.status = 'failed';
					outcome.error = error;
				}
				if (failed && (options.stopOnError || isRunFatal(outcome.error))) {
					stoppedBy ??= outcome;
					throw new Error('stop');
				}
			});
		} catch {
			// mapConcurrent starts nothing new after a rejection; the outcome is recorded above.
			break;
		}
	}
	return { outcomes, stoppedBy };
}
