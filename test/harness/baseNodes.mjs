// Stand-ins for the few n8n-nodes-base nodes the example workflows use, so the engine
// tests can run the examples without installing n8n itself (n8n-nodes-base ships only
// inside n8n). They implement just the parameters the examples set. The real nodes run
// the same examples in `npm run e2e`, inside a real n8n.
const { NodeConnectionTypes } = await import('node:module').then((m) => m.createRequire(import.meta.url)('n8n-workflow'));

const io = { inputs: [NodeConnectionTypes.Main], outputs: [NodeConnectionTypes.Main] };

function describe(name, extra = {}) {
	return { displayName: name, name, group: ['transform'], version: [1, 1.1, 1.2, 2, 3, 3.4], defaults: { name }, properties: [], ...io, ...extra };
}

/** A string parameter (n8n drops parameters a node does not declare). */
function param(name) {
	return { displayName: name, name, type: 'string', default: '' };
}

/** A parameter as written in the workflow JSON, with an "=" expression evaluated for item i. */
function raw(ctx, name, i) {
	const value = ctx.getNode().parameters[name];
	return typeof value === 'string' && value.startsWith('=') ? ctx.getNodeParameter(name, i) : value;
}

const passThrough = (name) => ({
	description: describe(name),
	async execute() {
		return [this.getInputData()];
	},
});

const standIns = {
	// Triggers: in a manual run they emit the one start item the harness feeds them.
	manualTrigger: passThrough('manualTrigger'),
	scheduleTrigger: passThrough('scheduleTrigger'),
	noOp: passThrough('noOp'),
	// Sticky notes are never connected, so never run; the workflow only needs their type to exist.
	stickyNote: passThrough('stickyNote'),
	set: {
		description: describe('set', { properties: [param('mode'), param('jsonOutput')] }),
		async execute() {
			return [this.getInputData().map((_, i) => ({ json: JSON.parse(String(raw(this, 'jsonOutput', i))), pairedItem: { item: i } }))];
		},
	},
	splitOut: {
		description: describe('splitOut', { properties: [param('fieldToSplitOut')] }),
		async execute() {
			const field = this.getNode().parameters.fieldToSplitOut;
			return [this.getInputData().flatMap((item, i) => (item.json[field] ?? []).map((json) => ({ json, pairedItem: { item: i } })))];
		},
	},
	// Code, "Run Once for All Items": `jsCode` is a function body given `items` ({json} list) that returns the new items.
	code: {
		description: describe('code', { properties: [param('jsCode')] }),
		async execute() {
			const run = new Function('items', String(this.getNode().parameters.jsCode));
			const out = run(this.getInputData().map((item) => ({ json: structuredClone(item.json) })));
			return [out.map((item, i) => ({ json: item.json, pairedItem: { item: Math.min(i, this.getInputData().length - 1) } }))];
		},
	},
	filter: {
		description: describe('filter', { properties: [{ displayName: 'Conditions', name: 'conditions', type: 'filter', default: {} }] }),
		async execute() {
			// getNodeParameter resolves each condition's expressions for the item, as n8n does.
			const keep = (i) =>
				this.getNodeParameter('conditions', i).conditions.every((c) => {
					if (c.operator.operation !== 'equals') throw new Error(`stand-in filter: ${c.operator.operation} not supported`);
					return c.leftValue === c.rightValue;
				});
			return [this.getInputData().flatMap((item, i) => (keep(i) ? [{ json: item.json, pairedItem: { item: i } }] : []))];
		},
	},
};

/** The stand-in for `n8n-nodes-base.<name>`, or undefined. */
export function baseNode(type) {
	return type.startsWith('n8n-nodes-base.') ? standIns[type.slice('n8n-nodes-base.'.length)] : undefined;
}
