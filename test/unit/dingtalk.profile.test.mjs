// How DingTalk answers are classified (dingtalk-api.md §4): the code that counts is
// sub_code ?? errcode, new-API codes come with HTTP errors, and a ban stops everything.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const { dingTalkProfile } = require('../../dist/lib/dingtalk/profile.js');

const classify = (body, path = '/topapi/v2/user/get', status = 200) => dingTalkProfile.classify({ status, body }, path);
const wrapped = (sub) => ({ errcode: 88, sub_code: sub, sub_msg: 'x', errmsg: `ding talk error[subcode=${sub},submsg=x]` });

test('success: errcode 0, or a new-API body without errcode', () => {
	assert.equal(classify({ errcode: 0, errmsg: 'ok', result: {} }), undefined);
	assert.equal(classify({ accessToken: 't', expireIn: 7200 }, '/v1.0/oauth2/accessToken'), undefined);
});

test('topapi wrapping: errcode 88 + string sub_code is classified on the sub_code', () => {
	for (const sub of ['40014', '42001', '40001', '41001', '40000']) {
		const e = classify(wrapped(sub));
		assert.equal(e.errorClass, 'token', sub);
		assert.equal(e.errcode, Number(sub), 'the effective code, as a number');
	}
	for (const plain of [40014, 42001, 40001, 41001]) assert.equal(classify({ errcode: plain, errmsg: 'x' }).errorClass, 'token');
	assert.equal(classify({ errcode: 88, errmsg: '鉴权异常' }).errorClass, 'token', 'a bare 88 is an authentication error');
	const qps = classify(wrapped('90018'));
	assert.deepEqual([qps.errorClass, qps.rateLimited, qps.retryAfterMs], ['transient', true, 1000]);
	const plainQps = classify({ errcode: 90018, errmsg: 'x' });
	assert.deepEqual([plainQps.errorClass, plainQps.retryAfterMs], ['transient', 1000]);
	assert.deepEqual([classify({ errcode: 90002 }).errorClass, classify({ errcode: 90002 }).rateLimited], ['transient', true]);
	assert.equal(classify({ errcode: -1, errmsg: '系统繁忙' }).errorClass, 'transient');
});

test('configuration errors name the fix; 60011 names the permission the path needs', () => {
	const perm = classify(wrapped('60011'), '/topapi/v2/user/list');
	assert.equal(perm.errorClass, 'config');
	assert.match(perm.hint, /qyapi_get_department_member/);
	assert.match(classify(wrapped('60011'), '/topapi/v2/user/create').hint, /qyapi_manage_addresslist/);
	for (const code of [60020, 50002, 50004, 50003, 90020, 22]) assert.equal(classify({ errcode: code }).errorClass, 'config', String(code));
});

test('gettoken refusals are the credential\'s, never per item or token', () => {
	for (const code of [40089, 40096, 40001, 40035]) {
		const e = classify({ errcode: code, errmsg: 'x' }, '/gettoken');
		assert.equal(e.errorClass, 'config', String(code));
		assert.ok(e.hint);
	}
	assert.equal(classify({ errcode: 90018 }, '/gettoken').errorClass, 'transient');
});

test('per-item errors carry their hint; 40103 is an item-level answer the client turns into "invited"', () => {
	const e = classify({ errcode: 60121, errmsg: '找不到该用户' });
	assert.deepEqual([e.errorClass, e.errcode], ['item', 60121]);
	assert.match(e.hint, /left|invitation/);
	assert.match(classify({ errcode: 40022 }, '/topapi/v2/user/update').hint, /delete the user and add them again/);
	assert.equal(classify({ errcode: 40103 }, '/topapi/v2/user/create').errorClass, 'item');
	assert.equal(classify({ errcode: 60104 }).errorClass, 'item');
	assert.match(classify({ errcode: -1 }, '/topapi/v2/user/create').hint, /cap/);
});

test('new API family: HTTP 400 InvalidAuthentication is a token error, 403 QPS codes are rate limits', () => {
	const auth = classify({ code: 'InvalidAuthentication', message: '不合法的access_token', requestid: 'r' }, '/v1.0/contact/users/search', 400);
	assert.deepEqual([auth.errorClass, auth.errcode, auth.httpStatus], ['token', 'InvalidAuthentication', 400]);
	assert.equal(classify({ code: 'accesstoken.expired', message: 'x' }, '/v1.0/x', 401).errorClass, 'token');
	const qps = classify({ code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', message: 'x' }, '/v1.0/x', 403);
	assert.deepEqual([qps.errorClass, qps.rateLimited, qps.retryAfterMs], ['transient', true, 1000]);
	assert.equal(classify({ code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied', message: 'x' }, '/v1.0/x', 403).errorClass, 'config');
	assert.equal(classify({ code: 'invalidClientIdOrSecret', message: 'x' }, '/v1.0/oauth2/accessToken', 400).errorClass, 'config');
	assert.equal(classify({ code: 'system.busy', message: 'x' }, '/v1.0/x', 503).errorClass, 'transient');
	assert.equal(classify({ code: 'InvalidParameter', message: 'x' }, '/v1.0/x', 400).errorClass, 'item');
});

test('IP ban: an HTML page or punish: deny stops the run and suspends calls; a 5xx page is transient', () => {
	const html = classify('<html><body>访问受限</body></html>', '/topapi/v2/user/list', 200);
	assert.equal(html.errorClass, 'config');
	assert.equal(html.suspendMs, 5 * 60_000);
	assert.match(html.hint, /banned/);
	const json = classify({ status: 1111, wait: 2, punish: 'deny' });
	assert.deepEqual([json.errorClass, json.suspendMs, json.errcode], ['config', 2 * 60_000, 1111]);
	const gateway = classify('<html>502 Bad Gateway</html>', '/topapi/v2/user/list', 502);
	assert.deepEqual([gateway.errorClass, gateway.suspendMs], ['transient', undefined]);
	assert.equal(classify('<html>Not Found</html>', '/topapi/x', 404).errorClass, 'config');
	assert.equal(classify('<html>Not Found</html>', '/topapi/x', 404).suspendMs, undefined);
});

test('messages are redacted', () => {
	const e = classify({ errcode: 60121, errmsg: 'bad request ?access_token=abcdef123456' });
	assert.ok(!e.message.includes('abcdef123456'));
});
