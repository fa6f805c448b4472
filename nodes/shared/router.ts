import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { Transport } from '../../lib/transport/transport';
import { runPerItem, runPerItemConcurrent } from './perItem';

/**
 * What an operation file exports. `execute` runs once per input item (continue-on-fail and
 * pairedItem handled by runPerItem); `executeOnce` runs once for all items and shapes its
 * own output (Sync Users, Group Upsert); `needsClient: false` marks local operations (Map to
 * IAM User) that make no API call, so no client — and no token — is made for them;
 * `concurrent: true` lets independent per-item writes run several at once within the
 * client's pool (output order and pairedItem kept).
 */
export interface OperationModule<C> {
	execute?: (this: IExecuteFunctions, i: number, client: C) => Promise<IDataObject | IDataObject[]>;
	executeOnce?: (this: IExecuteFunctions, client: C) => Promise<INodeExecutionData[][]>;
	needsClient?: boolean;
	concurrent?: boolean;
}

/**
 * One resource folder as its index.ts exports it: the editor's `description` (and, where the
 * node builds its operation list itself, `operationField`), and one operation module per value
 * of the "operation" parameter.
 */
export interface ResourceModule<C> {
	description: INodeProperties[];
	operationField?: INodeProperties;
	[operation: string]: OperationModule<C> | INodeProperties[] | INodeProperties | undefined;
}

function isOperation<C>(value: unknown): value is OperationModule<C> {
	const op = value as OperationModule<C> | undefined;
	return typeof op?.execute === 'function' || typeof op?.executeOnce === 'function';
}

/**
 * Every resource of a node by the value of its "resource" parameter (the way n8n's Airtable
 * v2 types its NodeMap). A router built from a NodeMap<C> is checked when it compiles: an
 * operation whose execute takes another client, returns the wrong shape or is misspelled
 * fails there, not at run time.
 */
export type NodeMap<C> = Record<string, ResourceModule<C>>;

/** The node's execute(): find the operation of the chosen resource, make one client for the whole run, run it. */
export function makeRouter<C>(
	resources: NodeMap<C>,
	getClient: (ctx: IExecuteFunctions) => Promise<C>,
	concurrencyOf: (client: C) => number = () => 1,
): (this: IExecuteFunctions) => Promise<INodeExecutionData[][]> {
	return async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const op = resources[resource]?.[operation];
		if (!isOperation<C>(op)) {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
		}
		// One client per run: its token, pool and limiter are shared by every item.
		const client = (op.needsClient === false ? undefined : await getClient(this)) as C;
		try {
			if (op.executeOnce) return await op.executeOnce.call(this, client);
			const handler = async (i: number) => await op.execute!.call(this, i, client);
			return [
				op.concurrent && client !== undefined
					? await runPerItemConcurrent(this, concurrencyOf(client), handler)
					: await runPerItem(this, handler),
			];
		} finally {
			logTransportStats(this, client, `${resource}.${operation}`);
		}
	};
}

/**
 * What the run cost, for n8n's debug log (N8N_LOG_LEVEL=debug): calls, retries, token
 * refreshes and rate-limit answers. Counts only, never a URL, a query or a body.
 */
function logTransportStats(ctx: IExecuteFunctions, client: unknown, operation: string): void {
	const transport = (client as { transport?: unknown } | undefined)?.transport;
	if (!(transport instanceof Transport)) return;
	const { calls, retries, tokenRefreshes, rateLimited } = transport.stats;
	ctx.logger?.debug('Directory API calls of this run', {
		node: ctx.getNode().name,
		provider: transport.provider,
		operation,
		calls,
		retries,
		tokenRefreshes,
		rateLimited,
	});
}
