import { DirectoryApiError, isRunFatal } from '../transport/errors';
import { mapConcurrent } from '../transport/pool';
import type { WeComClient } from './client';
import { BATCH_DELETE_MAX } from './client';

export type DeleteOutcome =
	| { status: 'deleted' }
	| { status: 'notFound'; error: DirectoryApiError }
	| { status: 'failed'; error: unknown };

async function attempt(fn: () => Promise<void>): Promise<unknown> {
	let failure: unknown;
	try {
		await fn();
	} catch (error) {
		failure = error ?? new Error('unknown failure');
	}
	if (failure !== undefined && isRunFatal(failure)) throw failure;
	return failure;
}

/**
 * Delete many members with user/batchdelete, 200 per call, calls in parallel within the
 * transport's pool. WeCom refuses a whole batch when one userid is wrong (the emulator models
 * it all-or-nothing; the docs do not say), so a refused batch is retried one member at a
 * time with user/delete to tell which were deleted and which did not exist. A configuration
 * error (wrong secret) stops everything.
 */
export async function deleteMembersInBatches(client: WeComClient, userids: readonly string[]): Promise<Map<string, DeleteOutcome>> {
	const unique = [...new Set(userids)];
	const chunks: string[][] = [];
	for (let i = 0; i < unique.length; i += BATCH_DELETE_MAX) chunks.push(unique.slice(i, i + BATCH_DELETE_MAX));
	const outcomes = new Map<string, DeleteOutcome>();
	const concurrency = client.transport.concurrency;

	await mapConcurrent(chunks, concurrency, async (ids) => {
		const failure = await attempt(async () => await client.deleteMembers(ids));
		if (failure === undefined) {
			for (const id of ids) outcomes.set(id, { status: 'deleted' });
			return;
		}
		if (!(failure instanceof DirectoryApiError) || failure.errorClass !== 'item') {
			for (const id of ids) outcomes.set(id, { status: 'failed', error: failure });
			return;
		}
		await mapConcurrent(ids, concurrency, async (id) => {
			const single = await attempt(async () => await client.deleteMember(id));
			if (single === undefined) outcomes.set(id, { status: 'deleted' });
			else if (single instanceof DirectoryApiError && single.errcode === 60111) outcomes.set(id, { status: 'notFound', error: single });
			else outcomes.set(id, { status: 'failed', error: single });
		});
	});
	return outcomes;
}
