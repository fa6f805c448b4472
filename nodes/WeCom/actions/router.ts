import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { WeComClient } from '../../../lib/wecom/client';
import { runPerItem } from '../../shared/perItem';
import { getWeComClient } from '../transport';
import * as department from './department';
import * as member from './member';

type Operation = (this: IExecuteFunctions, i: number, client: WeComClient) => Promise<IDataObject | IDataObject[]>;

/** An operation module; `needsClient: false` marks local ones (Map to IAM User) that make no WeCom call. */
interface OperationModule {
	execute: Operation;
	needsClient?: boolean;
}

const resources: Record<string, Record<string, OperationModule | unknown>> = { department, member };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = resources[resource]?.[operation] as OperationModule | undefined;
	if (!op || typeof op.execute !== 'function') {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	// One client per run: its token, pool and limiter are shared by every item. Local
	// operations get none: they make no WeCom call (and need no token).
	const client = op.needsClient === false ? undefined : await getWeComClient(this);
	return [await runPerItem(this, async (i) => await op.execute.call(this, i, client as WeComClient))];
}
