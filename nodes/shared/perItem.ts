import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorJson, isRunFatal, toNodeError } from './errors';

/**
 * Run `handler` once per input item. Results carry pairedItem; a failing item becomes an
 * error item when "Continue on fail" is on (regular or error output), otherwise the node
 * stops. A configuration error (bad secret, untrusted IP …) stops the node at once: it
 * would fail every item the same way, so it is reported once.
 */
export async function runPerItem(
	ctx: IExecuteFunctions,
	handler: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const result = await handler(i);
			for (const json of Array.isArray(result) ? result : [result]) out.push({ json, pairedItem: { item: i } });
		} catch (cause) {
			const error = toNodeError(ctx.getNode(), cause, i);
			if (!ctx.continueOnFail() || isRunFatal(cause)) throw error;
			out.push({ json: errorJson(error, cause), pairedItem: { item: i } });
		}
	}
	return out;
}
