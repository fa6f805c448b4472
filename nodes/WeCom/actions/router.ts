import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { WeComClient } from '../../../lib/wecom/client';
import { runPerItem, runPerItemConcurrent } from '../../shared/perItem';
import { getWeComClient } from '../transport';
import * as department from './department';
import * as member from './member';
import * as message from './message';

/**
 * What an operation module exports: `execute` runs per item (reads one after another,
 * writes with `concurrent = true` several at once within the transport's pool), or
 * `executeAll` takes every item at once (Delete Many batches userids across items).
 */
interface OperationModule {
	execute?: (this: IExecuteFunctions, i: number, client: WeComClient) => Promise<IDataObject | IDataObject[]>;
	executeAll?: (this: IExecuteFunctions, client: WeComClient) => Promise<INodeExecutionData[]>;
	concurrent?: boolean;
}

const resources: Record<string, Record<string, OperationModule | unknown>> = { department, member, message };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = resources[resource]?.[operation] as OperationModule | undefined;
	if (!op || (typeof op.execute !== 'function' && typeof op.executeAll !== 'function')) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	// One client per run: its token, pool and limiter are shared by every item.
	const client = await getWeComClient(this);
	if (op.executeAll) return [await op.executeAll.call(this, client)];
	const handler = async (i: number) => await op.execute!.call(this, i, client);
	return [op.concurrent ? await runPerItemConcurrent(this, client.transport.concurrency, handler) : await runPerItem(this, handler)];
}
