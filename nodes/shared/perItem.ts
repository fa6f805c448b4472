import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorJson, isRunFatal, toNodeError } from './errors';

type Handler = (itemIndex: number) => Promise<IDataObject | IDataObject[]>;

/**
 * The items of one input item share one pairing: a directory read returns 50k items for one
 * input, and n8n never changes an item's pairedItem in place (its lineage makes new ones).
 */
function toItems(itemIndex: number, result: IDataObject | IDataObject[]): INodeExecutionData[] {
	const pairedItem = { item: itemIndex };
	return (Array.isArray(result) ? result : [result]).map((json) => ({ json, pairedItem }));
}

/**
 * Run `handler` once per input item. Results carry pairedItem; a failing item becomes an
 * error item when "Continue on fail" is on (regular or error output), otherwise the node
 * stops. A configuration error (bad secret, untrusted IP …) stops the node at once: it
 * would fail every item the same way, so it is reported once.
 */
export async function runPerItem(ctx: IExecuteFunctions, handler: Handler): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			// A loop, not push(...spread): a whole-directory read returns 100k rows, past the argument limit.
			for (const item of toItems(i, await handler(i))) out.push(item);
		} catch (cause) {
			const error = toNodeError(ctx.getNode(), cause, i);
			if (!ctx.continueOnFail() || isRunFatal(cause)) throw error;
			out.push({ json: errorJson(error, cause), pairedItem: { item: i } });
		}
	}
	return out;
}

/**
 * `runPerItem` with up to `concurrency` items in flight, for writes: n8n's loop would create
 * 500 members one after another, while the transport's pool and rate limiter already keep
 * parallel calls within WeCom's limits.
 *
 * The per-item semantics stay those of `runPerItem`: outputs in input order with pairedItem,
 * each failing item its own error item, a configuration error stops the run (items already
 * in flight finish, no new item starts). Without "Continue on fail" the items run one at a
 * time, because n8n's contract there is "stop at the first failure": nothing after a failed
 * item may be written.
 */
export async function runPerItemConcurrent(ctx: IExecuteFunctions, concurrency: number, handler: Handler): Promise<INodeExecutionData[]> {
	if (!ctx.continueOnFail() || concurrency <= 1) return await runPerItem(ctx, handler);
	const count = ctx.getInputData().length;
	const results: Array<{ ok: IDataObject | IDataObject[] } | { cause: unknown }> = new Array(count);
	let fatal: { cause: unknown; itemIndex: number } | undefined;
	let next = 0;
	const worker = async () => {
		while (!fatal && next < count) {
			const i = next++;
			try {
				results[i] = { ok: await handler(i) };
			} catch (cause) {
				if (isRunFatal(cause)) fatal ??= { cause, itemIndex: i };
				else results[i] = { cause };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	if (fatal) throw toNodeError(ctx.getNode(), fatal.cause, fatal.itemIndex);
	return results.flatMap((result, i) => {
		if ('ok' in result) return toItems(i, result.ok);
		return [{ json: errorJson(toNodeError(ctx.getNode(), result.cause, i), result.cause), pairedItem: { item: i } }];
	});
}
