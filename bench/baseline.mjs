// Baseline clients that follow Casdoor's documented syncer strategy (casdoor-api.md §2.5,
// wecom-api.md §7.1, dingtalk-api.md §8.1): every call sequential, a fresh token per run,
// no retry, no rate limiting. Run against the same emulators as our nodes.

let rateLimitRetries = 0;
let blockMs = 1000;

/**
 * Casdoor's client has no retry at all, so at DingTalk's 20 QPS its sequential calls would
 * abort on the first 90018. To get a completed run to compare against, the baseline waits
 * out the documented 1-second block and retries (and counts how often it had to).
 */
async function getJson(url, init) {
	for (;;) {
		const res = await fetch(url, init);
		const body = await res.json();
		const code = body.sub_code ?? body.errcode;
		if (String(code) === '90018' || String(code) === '90002') {
			rateLimitRetries++;
			await new Promise((r) => setTimeout(r, blockMs));
			continue;
		}
		if (body.errcode !== undefined && body.errcode !== 0) throw new Error(`baseline: errcode ${body.errcode} on ${new URL(url).pathname}`);
		return body;
	}
}

const post = (url, body) => getJson(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Casdoor e6b2338 WeCom syncer: gettoken, department/list, then user/list per department. */
export async function baselineWeCom({ url, corpId, secret }) {
	const { access_token: token } = await getJson(`${url}/cgi-bin/gettoken?corpid=${corpId}&corpsecret=${secret}`);
	const { department } = await getJson(`${url}/cgi-bin/department/list?access_token=${token}`);
	const users = new Map();
	for (const d of department) {
		const { userlist } = await getJson(`${url}/cgi-bin/user/list?access_token=${token}&department_id=${d.id}`);
		for (const u of userlist) if (!users.has(u.userid)) users.set(u.userid, u);
	}
	return { users: users.size, departments: department.length };
}

/** Casdoor's DingTalk syncer: listsub depth-first from 1, listsimple pages, one v2/user/get per new user. */
export async function baselineDingTalk({ url, appKey, appSecret, blockMs: block = 1000 }) {
	rateLimitRetries = 0;
	blockMs = block;
	const { access_token: token } = await getJson(`${url}/gettoken?appkey=${appKey}&appsecret=${appSecret}`);
	const q = `?access_token=${token}`;
	const departments = [];
	const visit = async (id) => {
		const { result } = await post(`${url}/topapi/v2/department/listsub${q}`, { dept_id: id });
		for (const d of result) {
			departments.push(d.dept_id);
			await visit(d.dept_id);
		}
	};
	departments.push(1);
	await visit(1);
	const users = new Map();
	for (const deptId of departments) {
		let cursor = 0;
		for (;;) {
			const { result } = await post(`${url}/topapi/user/listsimple${q}`, { dept_id: deptId, cursor, size: 100 });
			for (const u of result.list) {
				if (users.has(u.userid)) continue;
				const detail = await post(`${url}/topapi/v2/user/get${q}`, { userid: u.userid });
				users.set(u.userid, detail.result);
			}
			if (!result.has_more) break;
			cursor = result.next_cursor;
		}
	}
	return { users: users.size, departments: departments.length, rateLimitRetries };
}
