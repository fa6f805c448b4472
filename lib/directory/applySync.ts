import type { IDataObject } from 'n8n-workflow';

import type { CasdoorUser } from '../casdoor/types';
import { DirectoryApiError } from '../transport/errors';
import { SOURCE_PROPERTY } from './iamUser';
import type { Outcome, RunOptions, RunResult } from './runPlan';
import { runPlan } from './runPlan';
import type { SyncAction, SyncPlan } from './syncPlan';
import { isRemoval, isWrite } from './syncPlan';

/** The writes a sync needs; the Casdoor client provides them. */
export interface SyncWriter {
	addUser(user: CasdoorUser): Promise<boolean>;
	updateUser(owner: string, name: string, changes: IDataObject, columns: readonly string[]): Promise<boolean>;
	deleteUser(owner: string, name: string): Promise<boolean>;
	getUser(owner: string, name: string): Promise<CasdoorUser | null>;
}

/** What became of one sync action ('none' for actions that write nothing). */
export type ActionOutcome = Outcome<SyncAction>;

export interface ApplyOptions extends RunOptions {
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

export type ApplyResult = RunResult<SyncAction>;

/**
 * Execute a plan: creates and updates first, removals last, so a run that fails midway
 * never removed anyone before it added their replacements. One call per write, no reads.
 * A configuration failure (credential, organization) stops the run at once; other failures
 * are recorded per action, or stop the run when `stopOnError` is set.
 */
export async function applySync(plan: SyncPlan, writer: SyncWriter, options: ApplyOptions): Promise<ApplyResult> {
	if (plan.guard) throw new Error(`Refusing to apply a sync plan stopped by the removal guard: ${plan.guard.reason}`);
	const phaseOf = (action: SyncAction) => (!isWrite(action) ? undefined : isRemoval(action) ? 1 : 0);
	return await runPlan(plan.actions, phaseOf, async (action) => await write(action, writer, options.source), options);
}
