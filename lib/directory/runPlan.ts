import { isRunFatal } from '../transport/errors';
import { mapConcurrent } from '../transport/pool';

/** What became of one planned action. */
export interface Outcome<A> {
	action: A;
	/** 'done' written, 'failed' refused, 'none' for actions that write nothing (or were not reached). */
	status: 'done' | 'failed' | 'none';
	/** The provider answered "Unaffected": the call worked and changed nothing. */
	unaffected?: boolean;
	/** A create found the object already made, as this run would have made it, by another run at the same time. */
	byAnotherRun?: boolean;
	error?: unknown;
}

/**
 * What a write answers: true when it changed something, false for "Unaffected", or
 * BY_ANOTHER_RUN when another run had already done exactly this write (two runs of one sync at
 * once): neither counted as this run's change nor as unchanged, so summaries stay honest.
 */
export const BY_ANOTHER_RUN = 'byAnotherRun';
export type WriteAnswer = boolean | typeof BY_ANOTHER_RUN;

export interface RunOptions {
	concurrency: number;
	/** Stop at the first refused write (the node's "Continue on fail" is off). */
	stopOnError: boolean;
}

export interface RunResult<A> {
	outcomes: Array<Outcome<A>>;
	/** The failure that stopped the run; later actions were not started. */
	stoppedBy?: Outcome<A>;
}

/**
 * A failure that makes every further write fail the same way: stop the whole run (config,
 * token, or a transient failure that survived every retry; see transport/errors).
 */
export { isRunFatal };

/**
 * Execute planned writes in phases (Sync Users and Sync Roles: additions first, removals
 * last, so a run that fails midway never removed anything before it added the replacement).
 * `phaseOf` answers the phase of an action, or undefined for one that writes nothing; `write`
 * answers false for "Unaffected". A configuration failure stops the run at once; other
 * failures are recorded per action, or stop the run when `stopOnError` is set.
 */
export async function runPlan<A>(
	actions: readonly A[],
	phaseOf: (action: A) => number | undefined,
	write: (action: A) => Promise<WriteAnswer>,
	options: RunOptions,
): Promise<RunResult<A>> {
	const outcomes: Array<Outcome<A>> = actions.map((action) => ({ action, status: 'none' }));
	const phases = [...new Set(actions.map(phaseOf).filter((p): p is number => p !== undefined))].sort((a, b) => a - b);
	let stoppedBy: Outcome<A> | undefined;
	for (const phase of phases) {
		try {
			await mapConcurrent(
				outcomes.filter((o) => phaseOf(o.action) === phase),
				options.concurrency,
				async (outcome) => {
					let failed = false;
					try {
						const affected = await write(outcome.action);
						outcome.status = 'done';
						if (affected === BY_ANOTHER_RUN) outcome.byAnotherRun = true;
						else if (!affected) outcome.unaffected = true;
					} catch (error) {
						failed = true;
						outcome.status = 'failed';
						outcome.error = error;
					}
					if (failed && (options.stopOnError || isRunFatal(outcome.error))) {
						stoppedBy ??= outcome;
						throw new Error('stop');
					}
				},
			);
		} catch {
			// mapConcurrent starts nothing new after a rejection; the outcome is recorded above.
			break;
		}
	}
	return { outcomes, stoppedBy };
}
