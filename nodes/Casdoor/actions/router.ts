import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CasdoorClient } from '../../../lib/casdoor/client';
import { runPerItem } from '../../shared/perItem';
import { getCasdoorClient } from '../transport';
import * as group from './group';
import * as user from './user';

/** Runs once per input item (runPerItem: continue-on-fail, pairedItem). */
type PerItem = (this: IExecuteFunctions, i: number, client: CasdoorClient) => Promise<IDataObject | IDataObject[]>;
/** Runs once for all input items and shapes its own output (Sync Users, Group Upsert). */
type Once = (this: IExecuteFunctions, client: CasdoorClient) => Promise<INodeExecutionData[][]>;

interface Operation {
	execute?: PerItem;
	executeOnce?: Once;
}

const resources: Record<string, Record<string, Operation | unknown>> = { group, user };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = resources[resource]?.[operation] as Operation | undefined;
	if (!op || (typeof op.execute !== 'function' && typeof op.executeOnce !== 'function')) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	// One client per run: its pool and limiter are shared by every item.
	const client = await getCasdoorClient(this);
	if (op.executeOnce) return await op.executeOnce.call(this, client);
	return [await runPerItem(this, async (i) => await op.execute!.call(this, i, client))];
}
