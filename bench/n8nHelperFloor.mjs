// The same calls as our WeCom directory read, made through n8n's own request helper (what
// `this.helpers.httpRequest` runs) at the same concurrency, with nothing else: no engine, no
// retries, no mapping. n8n opens a new connection per request and runs it through axios;
// that per-call work is the least any node pays on this machine, whatever its own code does.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * With `keep`, the members are also kept as n8n keeps a node's output (an item per member
 * until the run ends): what holding the items costs by itself, with no other work, since a
 * node that returns 50k items pays for the garbage collector carrying them through the read.
 */
export async function n8nHelperWeCom({ url, corpId, secret, concurrency, keep = false }) {
	const { Container } = require('@n8n/di');
	const { OutboundHttp } = require('@n8n/backend-network');
	const requests = Container.get(OutboundHttp).requests();
	// The request options our WeCom client sends (redirects off: WeCom never redirects).
	const get = async (path, qs) => await requests.request({ method: 'GET', url: `${url}${path}`, qs, json: true, returnFullResponse: true, ignoreHttpStatusErrors: true, disableFollowRedirect: true, timeout: 30_000 }).then((r) => r.body);
	const started = performance.now();
	const { access_token: token } = await get('/cgi-bin/gettoken', { corpid: corpId, corpsecret: secret });
	const { department } = await get('/cgi-bin/department/list', { access_token: token });
	let next = 0;
	let members = 0;
	const kept = keep ? [] : undefined;
	const pairedItem = { item: 0 };
	const worker = async () => {
		while (next < department.length) {
			const { id } = department[next++];
			const body = await get('/cgi-bin/user/list', { access_token: token, department_id: id });
			if (body.errcode !== 0) throw new Error(`n8n helper floor: errcode ${body.errcode}`);
			members += body.userlist.length;
			if (kept) for (const json of body.userlist) kept.push({ json, pairedItem });
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return { ms: performance.now() - started, calls: 2 + department.length, members };
}
