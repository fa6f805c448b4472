import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DingTalkClient } from '../../../lib/dingtalk/client';
import { runPerItem } from '../../shared/perItem';
import { getDingTalkClient } from '../transport';
import * as department from './department';
import * as user from './user';

type Operation = (this: IExecuteFunctions, i: number, client: DingTalkClient) => Promise<IDataObject | IDataObject[]>;

const resources: Record<string, Record<string, { execute: Operation } | unknown>> = { department, user };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = resources[resource]?.[operation] as { execute: Operation } | undefined;
	if (!op || typeof op.execute !== 'function') {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	// One client per run: its token, pool and limiter are shared by every item.
	const client = await getDingTalkClient(this);
	return [await runPerItem(this, async (i) => await op.execute.call(this, i, client))];
}
