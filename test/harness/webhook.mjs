// Drives a trigger node's webhook() the way n8n's webhook server does (n8n-io/n8n
// packages/cli/src/webhooks/live-webhooks.ts, webhook-helpers.ts, middlewares/body-parser.ts),
// over real HTTP on a loopback port:
//
//   1. the request arrives at /webhook/<webhookId>/<path>; the node's webhook description
//      with that method and path is picked;
//   2. the body is read into req.rawBody and, by content type, parsed into req.body
//      (JSON, XML with n8n's xml2js options, form, text); a body that does not parse is
//      answered 422 by "n8n" and the node is never called;
//   3. the workflow is "loaded from the database": a new Workflow whose static data is a
//      copy of the last saved static data;
//   4. webhook() runs in n8n-core's real WebhookContext, with the node:http request and
//      response as additionalData.httpRequest / httpResponse;
//   5. the answer: nothing more when the node returned noWebhookResponse (it answered
//      itself), otherwise n8n's onReceived defaults; then static data is saved if it
//      changed (LiveWebhooks does this in its response callback);
//   6. when workflowData came back, the workflow runs through WorkflowExecute starting at
//      the trigger with those items — what n8n's WorkflowRunner does.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { parse as parseQueryString } from 'node:querystring';

import { request as undiciRequest } from 'undici';

import { loadPackage, nodeTypes, prepare, runWorkflow } from './n8n.mjs';

const require = createRequire(import.meta.url);
const { CredentialTestContext, HookContext, WebhookContext } = require('n8n-core');
const { jsonParse, sanitizeXmlName } = require('n8n-workflow');
const { Parser: XmlParser } = require('xml2js');

// n8n's body parser, as configured in packages/cli/src/middlewares/body-parser.ts.
const xmlParser = new XmlParser({
	async: true,
	normalize: true,
	normalizeTags: true,
	explicitArray: false,
	tagNameProcessors: [sanitizeXmlName],
	attrNameProcessors: [sanitizeXmlName],
});
// n8n's default N8N_PAYLOAD_SIZE_MAX (16 MiB): n8n itself accepts bodies up to this size.
const PAYLOAD_SIZE_MAX = 16 * 1024 * 1024;

/**
 * Serve one workflow's trigger webhooks on 127.0.0.1. `nodes` are node definitions (from
 * `node()`), the trigger among them named `trigger`; `credentials` maps credential type →
 * data; `mode` is 'webhook' (production URL) or 'manual' (test URL). `freshProcess` loads
 * the package with its own module instances, like another n8n webhook process would.
 */
export async function startWebhookServer({ nodes, connections, credentials = {}, trigger, mode = 'webhook', staticData = {}, freshProcess = false }) {
	const loader = await loadPackage({ fresh: freshProcess });
	const types = await nodeTypes(loader);
	const triggerDef = nodes.find((n) => n.name === trigger);
	if (!triggerDef) throw new Error(`No node named ${trigger}`);
	triggerDef.webhookId ??= `hook-${trigger.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
	const nodeType = types.getByNameAndVersion(triggerDef.type, triggerDef.typeVersion);
	const db = { staticData: structuredClone(staticData) };
	const calls = new Map();
	const settle = (id) => {
		if (!calls.has(id)) {
			let resolve;
			const promise = new Promise((r) => (resolve = r));
			calls.set(id, { promise, resolve, record: { id } });
		}
		return calls.get(id);
	};

	// Set by simultaneous(): holds each request after it loaded the workflow until all have.
	let barrier;
	const load = () =>
		prepare({ nodes, connections, credentials, mode, staticData: structuredClone(db.staticData), loader });

	/** The methods n8n registers for a webhook description: an expression is evaluated ("" or none registers nothing). */
	async function methodsOf(description) {
		const { workflow } = await load();
		const value = workflow.expression.getSimpleParameterValue(workflow.getNode(trigger), description.httpMethod, 'internal', {}, undefined, 'GET');
		return String(value ?? '').split(',').map((m) => m.trim()).filter(Boolean);
	}

	async function handle(req, res) {
		const call = settle(String(req.headers['x-harness-call'] ?? `anon-${Math.random()}`));
		const record = call.record;
		try {
			const url = new URL(req.url, 'http://127.0.0.1');
			const methods = await Promise.all(nodeType.description.webhooks.map(methodsOf));
			const description = nodeType.description.webhooks.find(
				(w, i) => methods[i].includes(req.method) && url.pathname === `/webhook/${triggerDef.webhookId}/${w.path}`,
			);
			if (!description) return send(res, 404, { message: `The requested webhook "${req.method} ${url.pathname}" is not registered.` });

			readRequest(req, url);
			try {
				await parseBody(req);
			} catch (error) {
				record.bodyParseError = error.message;
				return send(res, 422, { message: 'Failed to parse request body' });
			}

			const prepared = await load();
			await barrier?.arrive();
			const { workflow } = prepared;
			const startNode = workflow.getNode(trigger);
			const additionalData = { ...prepared.additionalData, httpRequest: req, httpResponse: res };
			const webhookData = {
				httpMethod: req.method,
				node: startNode.name,
				path: `${triggerDef.webhookId}/${description.path}`,
				webhookDescription: description,
				workflowId: workflow.id,
				workflowExecuteAdditionalData: additionalData,
				webhookId: triggerDef.webhookId,
				isTest: mode === 'manual',
			};
			const context = new WebhookContext(workflow, startNode, additionalData, mode, webhookData, [], null);
			let result;
			try {
				result = await nodeType.webhook.call(context);
			} catch (error) {
				// n8n answers 500 and records a failed execution with the node's error.
				record.error = error;
				return send(res, 500, { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			}
			record.webhookResult = result;
			if (!result.noWebhookResponse && !res.headersSent) {
				if (result.workflowData === undefined) send(res, description.responseCode ?? 200, result.webhookResponse ?? { message: 'Webhook call received' });
				else send(res, description.responseCode ?? 200, result.webhookResponse ?? { message: 'Workflow was started' });
			}
			if (workflow.staticData.__dataChanged === true) db.staticData = JSON.parse(JSON.stringify(workflow.staticData));
			if (result.workflowData !== undefined) {
				record.run = await runWorkflow({ prepared, startNode: startNode.name, mode, main: result.workflowData });
			}
		} catch (error) {
			record.harnessError = error;
			if (!res.headersSent) send(res, 500, { message: error.message });
		} finally {
			if (!res.writableEnded) {
				// n8n sends nothing after noWebhookResponse: the caller would wait until it gave up.
				// Here that is made visible at once instead of hanging the test.
				record.unanswered = true;
				send(res, 599, 'harness: the node returned noWebhookResponse but never answered');
			}
			call.resolve(record);
		}
	}

	const server = createServer((req, res) => void handle(req, res));
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const base = `http://127.0.0.1:${server.address().port}`;
	let seq = 0;

	return {
		/** The production URL of a webhook of the trigger (by its description's path). */
		url(path = 'webhook') {
			return `${base}/webhook/${triggerDef.webhookId}/${path}`;
		},
		/**
		 * Send one real HTTP request and wait until the harness has finished with it (the run
		 * included). `query` is an object (encoded with URLSearchParams) or a raw string.
		 * Returns the HTTP answer and what happened inside: webhookResult, run, error.
		 */
		async request({ method = 'POST', query = {}, body, headers = {}, path } = {}) {
			const id = `call-${++seq}`;
			const url = new URL(this.url(path));
			url.search = typeof query === 'string' ? query : new URLSearchParams(query).toString();
			const res = await undiciRequest(url, { method, body, headers: { 'x-harness-call': id, ...headers } });
			const text = await res.body.text();
			const record = await settle(id).promise;
			return { status: res.statusCode, headers: res.headers, text, ...record };
		},
		/**
		 * Send several requests that arrive "at the same moment": each loads the workflow (and
		 * its static data) before any of them runs webhook(), as happens when deliveries reach
		 * n8n within a few milliseconds of each other.
		 */
		async simultaneous(requests) {
			let arrived = 0;
			let release;
			const all = new Promise((resolve) => (release = resolve));
			barrier = {
				arrive: async () => {
					if (++arrived === requests.length) release();
					await all;
				},
			};
			try {
				return await Promise.all(requests.map((r) => this.request(r)));
			} finally {
				barrier = undefined;
			}
		},
		/** What n8n does when the workflow is activated (or a test webhook registered): checkExists, then create if needed. */
		async activate() {
			const { workflow, additionalData } = await load();
			const startNode = workflow.getNode(trigger);
			for (const description of nodeType.description.webhooks) {
				if ((await methodsOf(description)).length === 0) continue;
				const methods = nodeType.webhookMethods?.[description.name];
				if (!methods) continue;
				const webhookData = { httpMethod: description.httpMethod, node: trigger, path: description.path, webhookDescription: description, workflowId: workflow.id, workflowExecuteAdditionalData: additionalData, webhookId: triggerDef.webhookId };
				const context = new HookContext(workflow, startNode, additionalData, mode, 'activate', webhookData);
				if (!(await methods.checkExists.call(context))) await methods.create.call(context);
			}
		},
		/** The workflow's static data as n8n would have saved it. */
		get staticData() {
			return db.staticData;
		},
		async close() {
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

/**
 * "Test connection" for a credential a node tests itself (`testedBy`), as n8n's
 * CredentialsTester runs it: the node's credentialTest method with a CredentialTestContext.
 */
export async function testCredentialWithNode(nodeShortName, credentialType, data) {
	const loader = await loadPackage();
	const types = await nodeTypes(loader);
	const nodeType = types.getByName(`${types.prefix}${nodeShortName}`);
	const description = nodeType.description.credentials.find((c) => c.name === credentialType);
	const method = nodeType.methods.credentialTest[description.testedBy];
	return await method.call(new CredentialTestContext({}), { id: 'c', name: 'c', type: credentialType, data });
}

/** What n8n's rawBodyReader and Express set on the request before any webhook code runs. */
function readRequest(req, url) {
	const [type, ...params] = String(req.headers['content-type'] ?? '').split(';');
	req.contentType = type.trim().toLowerCase() || undefined;
	const charset = params.map((p) => p.trim().split('=')).find(([k]) => k?.toLowerCase() === 'charset')?.[1];
	req.encoding = charset ? charset.toLowerCase().replace('-', '') : 'utf8';
	if (!Buffer.isEncoding(req.encoding)) req.encoding = 'utf8';
	req.query = parseQueryString(url.search.slice(1));
	req.params = {};
	req.readRawBody = async () => {
		if (req.rawBody) return;
		const chunks = [];
		let size = 0;
		for await (const chunk of req) {
			size += chunk.length;
			if (size > PAYLOAD_SIZE_MAX) throw new Error('request entity too large');
			chunks.push(chunk);
		}
		req.rawBody = Buffer.concat(chunks);
		req._body = true;
	};
}

/** n8n's parseBody: JSON, XML, form and text bodies become req.body; the raw bytes stay in req.rawBody. */
async function parseBody(req) {
	await req.readRawBody();
	const { rawBody, contentType, encoding } = req;
	if (!rawBody.length) return;
	const text = rawBody.toString(encoding);
	if (contentType === 'application/json') req.body = jsonParse(text);
	else if (contentType?.endsWith('/xml') || contentType?.endsWith('+xml')) req.body = await xmlParser.parseStringPromise(text);
	else if (contentType === 'application/x-www-form-urlencoded') req.body = parseQueryString(text, undefined, undefined, { maxKeys: 1000 });
	else if (contentType === 'text/plain') req.body = text;
}

function send(res, status, data) {
	if (res.headersSent) return;
	const text = typeof data === 'string' ? data : JSON.stringify(data);
	res.writeHead(status, { 'Content-Type': typeof data === 'string' ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8' });
	res.end(text);
}
