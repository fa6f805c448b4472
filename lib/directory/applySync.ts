import type { IDataObject } from 'n8n-workflow';

import type { CasdoorUser } from '../casdoor/types';
import { DirectoryApiError, isRunFatal } from '../transport/errors';
import { mapConcurrent } from '../transport/pool';
import { SOURCE_PROPERTY } from './iamUser';
import type { SyncAction, SyncPlan } from './syncPlan';
import { isRemoval, isWrite } from './syncPlan';

/** The writes a sync needs; the Casdoor client provides them. */
export interface SyncWriter {
	addUser(user: CasdoorUser): Promise<boolean>;
	updateUser(owner: string, name: string, changes: IDataObject, columns: readonly string[]): Promise<boolean>;
	deleteUser(owner: string, name: string): Promise<boolean>;
	getUser(owner: string, name: string): Promise<CasdoorUser | null>;
}

export interface ActionOutcome {
	action: SyncAction;
	/** 'done' written, 'failed' refused, 'planned' for actions that write nothing. */
	status: 'done' | 'failed' | 'none';
	/** Casdoor answered "Unaffected": the call worked and changed nothing. */
	unaffected?: boolean;
	error?: unknown;
}

export interface ApplyOptions {
	concurrency: number;
	/** Stop at the first refused write (the node's "Continue on fail" is off). */
	stopOnError: boolean;
	source: string;
}

async function write(action: SyncAction, writer: SyncWriter, source: string): Promise<boolean> {
	switch (action.action) {
		case 'create': {
			let failure: unknown;
			try {
				return await writer.addUser(action.user as CasdoorUser);
			} catch (error) {
				failure = error;
			}
			// A retried add-user whose first attempt did land answers "already exists": if the
			// user there is the one we sent, the create worked. This read happens only on that failure.
			if (failure instanceof DirectoryApiError && /already exists/i.test(failure.errmsg ?? '')) {
				const there = await writer.getUser(action.owner, action.name).catch(() => null);
				const sent = action.user as CasdoorUser;
				if (there && there.properties?.[SOURCE_PROPERTY] === source && there.externalId === sent.externalId) return true;
			}
			throw failure;
		}
		case 'update':
		case 'unforbid':
		case 'forbid':
			return await writer.updateUser(action.owner, action.name, (action.changes ?? {}) as IDataObject, action.columns ?? []);
		case 'delete':
			return await writer.deleteUser(action.owner, action.name);
		default:
			return false;
	}
}

export interface ApplyResult {
	outcomes: ActionOutcome[];
	/** The failure that stopped the run (a configuration error, or any error with stopOnError); later actions were not started. */
	stoppedBy?: ActionOutcome;
}

/**
 * Execute a plan: creates and updates first, removals last, so a run that fails midway
 * never removed anyone before it added their replacements. One call per write, no reads.
 * A configuration failure (credential, organization) stops the run at once; other failures
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
					const affected = await write(outcome.action, writer, options.source);
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
