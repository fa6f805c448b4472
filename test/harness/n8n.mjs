// Runs workflows through n8n's real engine (n8n-core WorkflowExecute) with the BUILT
// package, loaded from its package.json "n8n" field the way n8n loads community packages.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';

// n8n-core writes an instance config on first use: keep it out of the user's home, in a
// temporary folder removed when the process ends. A fixed encryption key keeps n8n-core from
// generating one (and saying so on every run).
if (!process.env.N8N_USER_FOLDER) {
	const folder = mkdtempSync(join(tmpdir(), 'n8n-wd-'));
	process.env.N8N_USER_FOLDER = folder;
	process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
}
process.env.N8N_ENCRYPTION_KEY ??= 'n8n-harness-key-not-a-secret';
// n8n's logger would print every node error the tests provoke on purpose (and assert on):
// silent unless N8N_LOG_LEVEL asks for more.
process.env.N8N_LOG_LEVEL ??= 'silent';

// The CommonJS builds: the same module instances the built package requires (n8n-workflow's
// ESM build does not resolve under plain Node).
const require = createRequire(import.meta.url);
const { ExecutionLifecycleHooks, LoadOptionsContext, PackageDirectoryLoader, WorkflowExecute } = require('n8n-core');
const { createRunExecutionData, ICredentialsHelper, NodeHelpers, Workflow } = require('n8n-workflow');

const { baseNode } = await import('./baseNodes.mjs');

export const PKG_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

let loaderPromise;
/**
 * The package as n8n sees it (cached per process). `fresh: true` loads it again with new
 * module instances — what a second n8n process would have — so state the package keeps in
 * module scope (caches, the webhook duplicate memory) starts empty.
 */
export function loadPackage({ fresh = false } = {}) {
	const load = async () => {
		if (fresh) {
			const dist = join(PKG_ROOT, 'dist') + '/';
			for (const id of Object.keys(require.cache)) if (id.startsWith(dist)) delete require.cache[id];
		}
		const loader = new PackageDirectoryLoader(PKG_ROOT);
		await loader.loadAll();
		return loader;
	};
	if (fresh) return load();
	loaderPromise ??= load();
	return loaderPromise;
}

export async function nodeTypes(loader) {
	loader ??= await loadPackage();
	const prefix = `${loader.packageName}.`;
	const get = (type) => {
		if (!type.startsWith(prefix)) throw new Error(`Unknown node type ${type}`);
		return loader.getNode(type.slice(prefix.length)).type;
	};
	return {
		prefix,
		getByName: get,
		getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(get(type), version),
		getKnownTypes: () => loader.known.nodes,
	};
}

/** A CredentialsHelper that follows the CLI's contract, backed by a plain map. */
class TestCredentialsHelper extends ICredentialsHelper {
	constructor(loader, store) {
		super();
		this.loader = loader;
		this.store = store;
	}
	getParentTypes() {
		return [];
	}
	isCredentialUsableByNode() {
		return true;
	}
	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const type = this.loader.getCredential(typeName).type;
		if (typeof type.authenticate === 'function') return await type.authenticate(credentials, requestOptions);
		if (type.authenticate?.type === 'generic') {
			for (const [where, props] of Object.entries(type.authenticate.properties)) {
				requestOptions[where] ??= {};
				for (const [key, value] of Object.entries(props)) {
					requestOptions[where][key] = workflow.expression.getSimpleParameterValue(
						node, value, 'internal', { $credentials: credentials }, undefined, '',
					);
				}
			}
		}
		return requestOptions;
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials() {
		throw new Error('not used');
	}
	/** By credential id when the store has it (workflows with two credentials of a type), else by type. */
	async getDecrypted(_additionalData, nodeCredentials, type) {
		const key = nodeCredentials?.id in this.store ? nodeCredentials.id : type;
		if (!(key in this.store)) throw new Error(`No test credentials for ${type}`);
		return { ...this.store[key] };
	}
	async updateCredentials(nodeCredentials, type, data) {
		this.store[nodeCredentials?.id in this.store ? nodeCredentials.id : type] = data;
	}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties(type) {
		return this.loader.getCredential(type).type.properties;
	}
}

let nodeCounter = 0;
/** A node definition with sensible defaults; `type` is the short name, e.g. 'weCom'. */
export function node(type, parameters = {}, extra = {}) {
	const name = extra.name ?? `${type}${++nodeCounter}`;
	return {
		id: extra.id ?? name,
		name,
		type: `n8n-nodes-wecom-dingtalk.${type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		...extra,
	};
}

/**
 * Build the Workflow and additionalData n8n would build for these nodes. `staticData` is
 * the workflow's saved static data (n8n loads it from the database for every webhook
 * request); `loader` a package loaded with `loadPackage({ fresh: true })`.
 */
export async function prepare({ nodes, connections, credentials = {}, mode = 'manual', staticData = {}, loader, extraNodeTypes = {} }) {
	loader ??= await loadPackage();
	const types = await nodeTypes(loader);
	const withCreds = nodes.map((n) => {
		if (n.credentials || !n.type.startsWith(types.prefix)) return n;
		const def = types.getByNameAndVersion(n.type, n.typeVersion);
		const creds = {};
		for (const c of def.description.credentials ?? []) creds[c.name] = { id: c.name, name: c.name };
		return { ...n, credentials: creds };
	});
	const chain = {};
	if (!connections) {
		for (let i = 0; i < withCreds.length - 1; i++) {
			chain[withCreds[i].name] = { main: [[{ node: withCreds[i + 1].name, type: 'main', index: 0 }]] };
		}
	}
	// extraNodeTypes: node types a test defines itself (the skeleton provider of test/skeleton), by full type name.
	const allNodeTypes = {
		getByName: (t) => extraNodeTypes[t] ?? (t.startsWith(types.prefix) ? types.getByName(t) : builtin(t)),
		getByNameAndVersion: (t, v) => extraNodeTypes[t] ?? (t.startsWith(types.prefix) ? types.getByNameAndVersion(t, v) : builtin(t)),
		getKnownTypes: () => loader.known.nodes,
	};
	const workflowData = { id: 'wf', name: 'test', nodes: withCreds, connections: connections ?? chain, active: false, settings: {} };
	const workflow = new Workflow({ ...workflowData, nodeTypes: allNodeTypes, staticData });
	const credentialsHelper = new TestCredentialsHelper(loader, { ...credentials });
	const additionalData = {
		hooks: new ExecutionLifecycleHooks(mode, 'exec-1', workflowData),
		credentialsHelper,
		variables: {},
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		logAiEvent: () => {},
	};
	return { workflow, workflowData, additionalData, nodes: withCreds, types, loader };
}

/**
 * Run a workflow. `nodes` is a list of node definitions (the first is fed `input`
 * items unless `startNode` says otherwise); `connections` default to a straight chain.
 * `credentials` maps credential type → data. Returns the run plus accessors.
 * For a trigger's run: `main` is all of the start node's outputs (its workflowData),
 * `mode` the execution mode ('webhook'), `prepared` the Workflow the webhook ran in.
 */
export async function runWorkflow({ nodes, connections, credentials = {}, input = [{ json: {} }], startNode, mode, main, prepared, extraNodeTypes }) {
	const { workflow, additionalData, nodes: withCreds } = prepared ?? (await prepare({ nodes, connections, credentials, mode, extraNodeTypes }));
	const start = startNode ? withCreds.find((n) => n.name === startNode) : withCreds[0];
	// `main` is every output of the start node (a trigger's workflowData); `input` its first.
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: start, data: { main: main ?? [input] }, source: null }] },
	});
	const run = await new WorkflowExecute(additionalData, mode ?? 'manual', runExecutionData).processRunExecutionData(workflow);
	return describeRun(run);
}

/** A finished run plus accessors for its node outputs. */
function describeRun(run) {
	const runData = run.data.resultData.runData;
	return {
		run,
		status: run.status,
		error: run.data.resultData.error,
		runData,
		/** Output `index` (0 = main, 1 = error output) of a node's first run, as json objects. */
		output(nodeName, index = 0) {
			const task = runData[nodeName]?.[0];
			if (!task) throw new Error(`Node ${nodeName} did not run`);
			return (task.data?.main?.[index] ?? []).map((item) => item.json);
		},
		items(nodeName, index = 0) {
			return runData[nodeName]?.[0]?.data?.main?.[index] ?? [];
		},
		nodeError(nodeName) {
			return runData[nodeName]?.[0]?.error;
		},
	};
}

/**
 * Call a node's listSearch or loadOptions method the way the editor does: a real
 * LoadOptionsContext, credentials through the same helper as runWorkflow.
 * `kind` is 'listSearch' or 'loadOptions'; returns the method's result.
 */
export async function loadOptions({ node: nodeDef, credentials = {}, kind, method, filter, paginationToken }) {
	const { workflow, additionalData, nodes, types } = await prepare({ nodes: [nodeDef], credentials });
	additionalData.currentNodeParameters = nodes[0].parameters;
	const context = new LoadOptionsContext(workflow, nodes[0], additionalData, 'parameters');
	const def = types.getByNameAndVersion(nodes[0].type, nodes[0].typeVersion);
	const fn = def.methods?.[kind]?.[method];
	if (typeof fn !== 'function') throw new Error(`The node has no ${kind} method ${method}`);
	return kind === 'listSearch' ? await fn.call(context, filter, paginationToken) : await fn.call(context);
}

/** Shorthand for a listSearch method (the resource-locator pickers). */
export async function listSearch(nodeDef, method, { credentials = {}, filter, paginationToken } = {}) {
	return await loadOptions({ node: nodeDef, credentials, kind: 'listSearch', method, filter, paginationToken });
}

/**
 * "Test connection" as the n8n server performs it for a declarative credential test:
 * resolve the request's expressions with the credential's values, send it, and apply the
 * rules (a responseSuccessBody rule fails the test when body[key] equals value).
 */
export async function testCredential(type, data) {
	const loader = await loadPackage();
	const credType = loader.getCredential(type).type;
	const { workflow } = await prepare({ nodes: [node('weCom', {}, { name: '__cred' })] });
	const resolve = (v) =>
		typeof v === 'string' && v.startsWith('=')
			? workflow.expression.getSimpleParameterValue(workflow.nodes.__cred, v, 'internal', { $credentials: data }, undefined, '')
			: v;
	const req = credType.test.request;
	const url = new URL(`${resolve(req.baseURL) ?? ''}${resolve(req.url)}`);
	for (const [k, v] of Object.entries(req.qs ?? {})) url.searchParams.set(k, String(resolve(v)));
	let body;
	try {
		const res = await fetch(url, { method: req.method ?? 'GET' });
		if (!res.ok) return { status: 'Error', message: `HTTP ${res.status}` };
		body = await res.json();
	} catch (error) {
		return { status: 'Error', message: error.message };
	}
	for (const rule of credType.test.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && body?.[rule.properties.key] === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** Stand-ins for the n8n-nodes-base nodes the examples use (see baseNodes.mjs). */
function builtin(type) {
	const standIn = baseNode(type);
	if (!standIn) throw new Error(`Node type ${type} is not available in the test harness`);
	return standIn;
}

// ---- the secret canary -------------------------------------------------------------------------

const coreRequire = createRequire(require.resolve('n8n-core'));
const { LoggerProxy } = require('n8n-workflow');

/** Active log collectors; every log line (n8n's LoggerProxy, the node context's logger, console) goes to each. */
const collectors = new Set();
let captureInstalled = false;
let consoleSaved;

function record(level, message, metadata) {
	if (collectors.size === 0) return;
	let meta = '';
	try {
		meta = metadata === undefined ? '' : JSON.stringify(metadata, safeReplacer());
	} catch {
		meta = String(metadata);
	}
	const line = { level, message: String(message), meta };
	for (const c of collectors) c.push(line);
}

function safeReplacer() {
	const seen = new WeakSet();
	return (_key, value) => {
		if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack, ...value };
		if (value && typeof value === 'object') {
			if (seen.has(value)) return '[circular]';
			seen.add(value);
		}
		return value;
	};
}

/** A logger with n8n's Logger shape that records instead of printing. */
const captureLogger = {
	error: (m, meta) => record('error', m, meta),
	warn: (m, meta) => record('warn', m, meta),
	info: (m, meta) => record('info', m, meta),
	debug: (m, meta) => record('debug', m, meta),
	scoped() {
		return captureLogger;
	},
};

/**
 * Route n8n's logging through the capture: LoggerProxy (the engine) and the DI Logger that
 * node contexts expose as `this.logger`. Installed once per process; lines are only kept
 * while a collector is active.
 */
function installCapture() {
	if (captureInstalled) return;
	captureInstalled = true;
	LoggerProxy.init(captureLogger);
	const { Container } = coreRequire('@n8n/di');
	const { Logger } = coreRequire('@n8n/backend-common');
	Container.set(Logger, captureLogger);
}

function startCollecting() {
	installCapture();
	const lines = [];
	if (collectors.size === 0) {
		consoleSaved = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
		for (const level of Object.keys(consoleSaved)) {
			console[level] = (...args) => {
				record(`console.${level}`, args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 6 }))).join(' '));
			};
		}
	}
	collectors.add(lines);
	return {
		lines,
		stop() {
			collectors.delete(lines);
			if (collectors.size === 0 && consoleSaved) {
				Object.assign(console, consoleSaved);
				consoleSaved = undefined;
			}
		},
	};
}

/**
 * Everything a run exposes to a user or an operator: the outputs of every node (both
 * outputs), the run error and every node error in full (message, description, stack,
 * cause, as n8n would store or show them), and every line logged during the run.
 */
export function exposedText(result, logs = []) {
	const parts = [];
	const push = (value) => {
		try {
			parts.push(typeof value === 'string' ? value : JSON.stringify(value, safeReplacer()));
		} catch {
			parts.push(String(value));
		}
	};
	push(result.runData);
	push(result.run?.data?.resultData ?? null);
	const errors = [result.error, ...Object.values(result.runData ?? {}).flatMap((runs) => runs.map((t) => t.error))].filter(Boolean);
	for (const error of errors) {
		parts.push(String(error.message), String(error.description ?? ''), String(error.stack ?? ''));
		parts.push(inspect(error, { depth: 8, showHidden: false }));
		push(error);
	}
	for (const line of logs) parts.push(`${line.level} ${line.message} ${line.meta}`);
	return parts.join('\n');
}

/** Where in `text` a canary first shows up, for the failure message. */
function around(text, at, length) {
	return text.slice(Math.max(0, at - 80), at).replace(/\s+/g, ' ') + '«canary»' + text.slice(at + length, at + length + 40).replace(/\s+/g, ' ');
}

/** Counts the canary scans of this process (the reliability report reads it). */
export const canaryStats = { runs: 0, canariesChecked: 0, leaks: 0 };

/**
 * Run a workflow like runWorkflow, with every log line captured, then fail if any canary
 * (a credential secret, an access token an emulator issued, an Authorization header value)
 * appears in what the run exposes. `canaries` is a list of strings, or a function returning
 * one, called after the run so that tokens issued during it are included. Values shorter than
 * 6 characters are ignored (they would match by chance). Resolves to the run plus `logs`.
 */
export async function runWorkflowChecked(options, { canaries = [] } = {}) {
	const capture = startCollecting();
	let result;
	try {
		result = await runWorkflow(options);
	} finally {
		capture.stop();
	}
	const list = (typeof canaries === 'function' ? canaries() : canaries).filter((c) => typeof c === 'string' && c.length >= 6);
	const text = exposedText(result, capture.lines);
	canaryStats.runs++;
	canaryStats.canariesChecked += list.length;
	for (const canary of list) {
		const at = text.indexOf(canary);
		if (at >= 0) {
			canaryStats.leaks++;
			throw new assert.AssertionError({
				message: `secret canary ${canary.slice(0, 4)}… leaked into the run's output, errors or logs: …${around(text, at, canary.length)}…`,
			});
		}
	}
	return Object.assign(result, { logs: capture.lines });
}
