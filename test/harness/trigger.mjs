// Runs trigger and polling nodes the way n8n's ActiveWorkflowManager does (n8n-io/n8n
// packages/cli/src/active-workflow-manager.ts, getExecuteTriggerFunctions /
// getExecutePollFunctions): a real TriggerContext / PollContext whose emit starts a
// workflow run through WorkflowExecute, n8n-core's TriggersAndPollers to call trigger() and
// poll(), and the trigger's closeFunction on deactivation.
//
// Node 20 has no global WebSocket (n8n ≥ 2.10 runs on Node ≥ 22, which has one): this
// harness installs undici's — the implementation Node 22 ships — as the global, for tests only.
import { createRequire } from 'node:module';

import { WebSocket as UndiciWebSocket } from 'undici';

import { prepare, runWorkflow } from './n8n.mjs';

const require = createRequire(import.meta.url);
const { PollContext, TriggerContext, TriggersAndPollers } = require('n8n-core');
const coreRequire = createRequire(require.resolve('n8n-core'));
const { Container } = coreRequire('@n8n/di');

export const nativeWebSocket = globalThis.WebSocket;
if (typeof globalThis.WebSocket === 'undefined') globalThis.WebSocket = UndiciWebSocket;

/** Make the global WebSocket disappear (what Node 20 without flags has) while `fn` runs. */
export async function withoutWebSocket(fn) {
	const saved = globalThis.WebSocket;
	delete globalThis.WebSocket;
	try {
		return await fn();
	} finally {
		globalThis.WebSocket = saved;
	}
}

/**
 * Activate a workflow's trigger node (mode 'trigger', activation 'activate'). Every emit
 * runs the workflow from the trigger with the emitted items; `runs` collects the finished
 * runs in order, `emitted` the emitted items at once, `errors` what emitError reported
 * (n8n would deactivate the workflow and retry activation).
 */
export async function activateTrigger({ nodes, connections, credentials = {}, trigger, staticData = {} }) {
	const prepared = await prepare({ nodes, connections, credentials, mode: 'trigger', staticData });
	const { workflow, additionalData } = prepared;
	const node = workflow.getNode(trigger);
	const state = { runs: [], emitted: [], errors: [], failedExecutions: [], pending: new Set() };
	const emit = (data) => {
		state.emitted.push(data);
		const run = runWorkflow({ prepared, startNode: trigger, mode: 'trigger', main: data }).then((r) => {
			state.runs.push(r);
			state.pending.delete(run);
			return r;
		});
		state.pending.add(run);
	};
	const getTriggerFunctions = (wf, n, ad, mode, activation) =>
		new TriggerContext(wf, n, ad, mode, activation, emit, (error) => state.errors.push(error), (error) => state.failedExecutions.push(error));
	const response = await Container.get(TriggersAndPollers).runTriggerFunction(workflow, node, getTriggerFunctions, additionalData, 'trigger', 'activate');
	return {
		...state,
		get runs() {
			return state.runs;
		},
		response,
		workflow,
		staticData: workflow.staticData,
		/** Deactivate: n8n calls the trigger's closeFunction. */
		async deactivate() {
			await response?.closeFunction?.();
		},
		async settled() {
			await Promise.all([...state.pending]);
		},
	};
}

/**
 * A polling node, activated: `poll()` runs each poll as n8n's PollTriggerExecutor does
 * (poll(), then emit when it returned items), in one Workflow whose static data lives on
 * between polls like an active workflow's. Returns the run (or null when the poll emitted
 * nothing).
 */
export async function activatePoller({ nodes, connections, credentials = {}, trigger, staticData = {} }) {
	const prepared = await prepare({ nodes, connections, credentials, mode: 'trigger', staticData });
	const { workflow, additionalData } = prepared;
	const node = workflow.getNode(trigger);
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const errors = [];
	let polls = 0;
	return {
		workflow,
		errors,
		get staticData() {
			return workflow.staticData;
		},
		async poll() {
			let emitted;
			const context = new PollContext(workflow, node, additionalData, 'trigger', polls++ === 0 ? 'activate' : 'trigger', (data) => (emitted = data), (error) => errors.push(error));
			const result = await Container.get(TriggersAndPollers).runPollFunction(workflow, node, context);
			if (result === null || result === undefined) return null;
			emitted = result;
			return await runWorkflow({ prepared, startNode: trigger, mode: 'trigger', main: emitted });
		},
		/** "Fetch Test Event" on this same workflow (its static data included): poll() in manual mode, nothing emitted. */
		async manualPoll() {
			const context = new PollContext(workflow, node, additionalData, 'manual', 'manual', () => {}, (error) => errors.push(error));
			return await nodeType.poll.call(context);
		},
		nodeType,
	};
}
