import type { INodeExecutionData, ITriggerFunctions, ITriggerResponse, IWebhookFunctions } from 'n8n-workflow';

/**
 * The node has both a webhook (HTTP callback) and a trigger function (Stream). When a test
 * webhook call starts a manual run, n8n runs the node's trigger function for the run's
 * first step instead of passing the webhook's items on, so in HTTP mode the trigger
 * function hands on the items webhook() just produced, in memory of the same running n8n.
 */
const pending = new Map<string, INodeExecutionData[][]>();

const keyOf = (workflowId: string | undefined, nodeName: string) => `${workflowId ?? ''}\u0000${nodeName}`;

export function handOffManualRun(ctx: IWebhookFunctions, workflowData: INodeExecutionData[][]): void {
	if (ctx.getMode() !== 'manual') return;
	pending.set(keyOf(ctx.getWorkflow().id, ctx.getNode().name), workflowData);
}

export function manualTestTrigger(ctx: ITriggerFunctions): ITriggerResponse | undefined {
	if (ctx.getMode() !== 'manual') return {};
	const key = keyOf(ctx.getWorkflow().id, ctx.getNode().name);
	return {
		manualTriggerFunction: async () => {
			const data = pending.get(key);
			pending.delete(key);
			if (!data) ctx.logger.warn(`${ctx.getNode().name}: a test run started without a test callback; nothing to output`);
			ctx.emit(data ?? [[]]);
		},
	};
}
