import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const { TokenCache } = require('../../dist/lib/transport/tokenCache.js');
const { SlidingWindowLimiter } = require('../../dist/lib/transport/rateLimiter.js');
const { Semaphore, mapConcurrent } = require('../../dist/lib/transport/pool.js');
const { redact, redactValue, registerSecret } = require('../../dist/lib/transport/redact.js');
const { Transport } = require('../../dist/lib/transport/transport.js');
const { DirectoryApiError } = require('../../dist/lib/transport/errors.js');

test('token cache: 100 concurrent callers share one fetch', async () => {
	const cache = new TokenCache();
	let fetches = 0;
	const fetch = async () => {
		fetches++;
		await new Promise((r) => setTimeout(r, 20));
		return { token: 'tok-1', expiresIn: 7200 };
	};
	const tokens = await Promise.all(Array.from({ length: 100 }, () => cache.get('k', fetch)));
	assert.equal(fetches, 1);
	assert.ok(tokens.every((t) => t === 'tok-1'));
	assert.equal(await cache.get('k', fetch), 'tok-1');
	assert.equal(fetches, 1, 'a cached token is reused');
});

test('token cache: invalidating a stale token refreshes once, not per caller', async () => {
	const cache = new TokenCache();
	let n = 0;
	const fetch = async () => ({ token: `tok-${++n}`, expiresIn: 7200 });
	const stale = await cache.get('k', fetch);
	for (let i = 0; i < 10; i++) cache.invalidate('k', stale);
	const fresh = await Promise.all(Array.from({ length: 10 }, () => cache.get('k', fetch)));
	assert.equal(n, 2);
	cache.invalidate('k', stale); // an old failure arriving late must not drop the new token
	assert.equal(await cache.get('k', fetch), fresh[0]);
	assert.equal(n, 2);
});

test('token cache: refreshes before expiry', async () => {
	const cache = new TokenCache();
	let n = 0;
	// A 1-second token is refreshed after half its life (the 5-minute margin exceeds it).
	const fetch = async () => ({ token: `tok-${++n}`, expiresIn: 1 });
	await cache.get('k', fetch);
	await new Promise((r) => setTimeout(r, 600));
	assert.equal(await cache.get('k', fetch), 'tok-2');
});

test('token cache keys separate secrets and never contain them', () => {
	const a = TokenCache.keyFor('https://x/', 'corp', 'secret-A-123456');
	const b = TokenCache.keyFor('https://x', 'corp', 'secret-B-123456');
	assert.notEqual(a, b);
	assert.ok(!a.includes('secret-A-123456'));
	assert.equal(a, TokenCache.keyFor('https://x', 'corp', 'secret-A-123456'));
});

test('sliding window limiter never admits more than the limit in any window', async () => {
	const limiter = new SlidingWindowLimiter(5, 200);
	await Promise.all(Array.from({ length: 15 }, async () => {
		await limiter.take();
	}));
	// The limiter's own admission times: a timestamp taken after `await take()` also measures
	// how late a loaded event loop ran the continuation, which is not the limiter's doing.
	const starts = [...limiter.starts];
	for (let i = 5; i < starts.length; i++) assert.ok(starts[i] - starts[i - 5] >= 200, `window ${i}`);
});

test('sliding window: a call sent late is counted from when it went out, so the calls admitted after it keep the window by send time', async () => {
	const limiter = new SlidingWindowLimiter(5, 200);
	const first = await Promise.all(Array.from({ length: 5 }, async () => await limiter.take()));
	// The first call waited 100 ms between admission and sending (a token refresh, a busy loop).
	limiter.sending(first[0], first[0] + 100);
	const rest = await Promise.all(Array.from({ length: 5 }, async () => await limiter.take()));
	const sent = [first[0] + 100, ...first.slice(1), ...rest].sort((a, b) => a - b);
	for (let i = 5; i < sent.length; i++) assert.ok(sent[i] - sent[i - 5] >= 200, `window ending at call ${i}: ${sent[i] - sent[i - 5]} ms`);
	// A call sent on time changes nothing.
	const before = [...limiter.starts];
	limiter.sending(rest[4], rest[4] + 1);
	assert.deepEqual(limiter.starts, before);
});

test('sliding window, spaced: while timers fire late the window widens by the lateness seen, and narrows again as it fades', async () => {
	const limiter = new SlidingWindowLimiter(5, 200, 20);
	const first = [];
	for (let i = 0; i < 5; i++) first.push(await limiter.take());
	// This process's timers ran 40 ms late (a loaded machine): calls may reach the provider
	// unevenly by as much, so the next start keeps a window of 240 ms, not 200.
	limiter.noteLateness(40);
	assert.ok(Math.abs(limiter.slack() - 40) < 1, String(limiter.slack()));
	const sixth = await limiter.take();
	assert.ok(sixth - first[0] >= 240, `sixth start ${sixth - first[0]} ms after the first`);
	// A timer a few ms late is on time; the widening fades over ten seconds; never past a fifth of the window.
	// One clock reading for the rest: the widening fades by the millisecond, and a loaded CI
	// machine let one slip between noteLateness and slack (39.996 instead of 40).
	const now = Date.now();
	limiter.noteLateness(3, now);
	assert.ok(Math.abs(limiter.slack(now) - 40) < 1);
	assert.equal(limiter.slack(now + 10_000), 0);
	limiter.noteLateness(500, now);
	assert.equal(limiter.slack(now), 40, 'at most a fifth of the 200 ms window');
	// A limiter without spacing (WeCom's per-minute window) ignores lateness.
	const perMinute = new SlidingWindowLimiter(5, 200);
	perMinute.noteLateness(40);
	assert.equal(perMinute.slack(), 0);
});

test('semaphore and mapConcurrent cap parallelism and keep order', async () => {
	let active = 0;
	let peak = 0;
	const out = await mapConcurrent([...Array(20).keys()], 4, async (x) => {
		active++;
		peak = Math.max(peak, active);
		await new Promise((r) => setTimeout(r, 5));
		active--;
		return x * 2;
	});
	assert.equal(peak, 4);
	assert.deepEqual(out, [...Array(20).keys()].map((x) => x * 2));
	const sem = new Semaphore(2);
	let running = 0;
	let max = 0;
	await Promise.all(Array.from({ length: 6 }, () => sem.run(async () => {
		running++;
		max = Math.max(max, running);
		await new Promise((r) => setTimeout(r, 5));
		running--;
	})));
	assert.equal(max, 2);
	await assert.rejects(mapConcurrent([1, 2, 3], 2, async (x) => {
		if (x === 2) throw new Error('boom');
		return x;
	}), /boom/);
});

test('redaction removes registered secrets and secret-named parameters, not prose', () => {
	registerSecret('canary-secret-value-42');
	assert.equal(redact('x canary-secret-value-42 y'), 'x *** y');
	assert.equal(
		redact('GET /cgi-bin/gettoken?corpid=ww1&corpsecret=abc&access_token=tok'),
		'GET /cgi-bin/gettoken?corpid=ww1&corpsecret=***&access_token=***',
	);
	assert.equal(redact('on /cgi-bin/gettoken: connection refused'), 'on /cgi-bin/gettoken: connection refused');
	assert.deepEqual(redactValue({ access_token: 'a', nested: { secret: 'b', note: 'canary-secret-value-42' } }), {
		access_token: '***',
		nested: { secret: '***', note: '***' },
	});
});

function fakeTransport(responses, opts = {}) {
	const calls = [];
	let tokens = 0;
	const profile = {
		provider: 'Fake',
		classify({ status, body }, path) {
			if (status === 200 && body.errcode === 0) return undefined;
			const cls = body.errcode === 42001 ? 'token' : body.errcode === -1 || status >= 500 ? 'transient' : body.errcode === 40001 ? 'config' : 'item';
			return new DirectoryApiError({ provider: 'Fake', errorClass: cls, path, errcode: body.errcode, errmsg: 'x' });
		},
	};
	const t = new Transport({
		profile,
		http: async (req) => {
			calls.push(req);
			const next = responses.shift();
			if (next instanceof Error) throw next;
			return { statusCode: next.status ?? 200, body: next.body };
		},
		baseUrl: 'http://fake',
		credentialKey: `fake-${Math.random()}`,
		concurrency: 2,
		rateLimit: { limit: 1000, windowMs: 1000 },
		baseDelayMs: 1,
		maxDelayMs: 5,
		fetchToken: async () => ({ token: `T${++tokens}`, expiresIn: 7200 }),
		applyToken: (req, token) => {
			req.qs.access_token = token;
		},
		...opts,
	});
	return { t, calls, tokens: () => tokens };
}

test('transport: token error refreshes once and retries once', async () => {
	const { t, calls, tokens } = fakeTransport([{ body: { errcode: 42001 } }, { body: { errcode: 0, v: 1 } }]);
	assert.deepEqual(await t.call('GET', '/a'), { errcode: 0, v: 1 });
	assert.equal(calls.length, 2);
	assert.equal(tokens(), 2);
	assert.equal(calls[0].qs.access_token, 'T1');
	assert.equal(calls[1].qs.access_token, 'T2');
	const again = fakeTransport([{ body: { errcode: 42001 } }, { body: { errcode: 42001 } }, { body: { errcode: 0 } }]);
	await assert.rejects(again.t.call('GET', '/a'), (e) => e.errcode === 42001);
	assert.equal(again.calls.length, 2, 'a second token error is not retried again');
});

test('transport: a proven token revoked again later in the same call is refreshed again; a fresh one rejected at once only once', async () => {
	// Call A: T1 is rejected (refresh → T2), T2 meets a transient error, and while A backs off
	// call B succeeds with T2 (proving it); then T2 is revoked too. A refreshes again (T3).
	let finishB;
	const bFinished = new Promise((resolve) => (finishB = resolve));
	const answersA = [{ errcode: 42001 }, { errcode: -1 }, { errcode: 42001 }, { errcode: 0, v: 'done' }];
	const seen = [];
	const { t, tokens } = fakeTransport([], {
		http: async (req) => {
			if (req.url.endsWith('/b')) return { statusCode: 200, body: { errcode: 0 } };
			seen.push(req.qs.access_token);
			if (seen.length === 3) await bFinished;
			return { statusCode: 200, body: answersA[seen.length - 1] };
		},
	});
	const a = t.call('GET', '/a');
	while (seen.length < 3) await new Promise((r) => setTimeout(r, 1));
	await t.call('GET', '/b');
	finishB();
	assert.deepEqual(await a, { errcode: 0, v: 'done' });
	assert.deepEqual(seen, ['T1', 'T2', 'T2', 'T3']);
	assert.equal(tokens(), 3);
	assert.equal(t.stats.tokenRefreshes, 2);
	// A credential whose new tokens are rejected on first use: one refresh, then stop.
	const broken = fakeTransport(Array.from({ length: 10 }, () => ({ body: { errcode: 42001 } })));
	await assert.rejects(broken.t.call('GET', '/a'), (e) => e.errcode === 42001);
	assert.equal(broken.calls.length, 2);
});

test('transport: a call rejected with a proven token another call has already replaced retries with the current token, without a refresh of its own', async () => {
	// Issue #15: under churn a call can meet several revocations that other calls handle first.
	// Each time it is rejected with a token that worked and is no longer the cached one: no
	// refresh is its own, so the per-call refresh limit (5) does not end it and the fresh token
	// it did not fetch is not thrown away.
	const { tokenCache } = require('../../dist/lib/transport/tokenCache.js');
	const credentialKey = `fake-replaced-${Math.random()}`;
	const sent = [];
	let t;
	const { t: transport, tokens } = fakeTransport([], {
		credentialKey,
		http: async (req) => {
			if (req.url.endsWith('/b')) return { statusCode: 200, body: { errcode: 0 } };
			const token = req.qs.access_token;
			sent.push(token);
			if (sent.length > 8) return { statusCode: 200, body: { errcode: 0, v: 'done' } };
			// While this call is in flight: another call succeeds with its token (proving it), then
			// meets the revocation first and refreshes.
			await t.call('GET', '/b');
			tokenCache.invalidate(credentialKey, token);
			await t.token();
			return { statusCode: 200, body: { errcode: 42001 } };
		},
	});
	t = transport;
	assert.deepEqual(await t.call('GET', '/a'), { errcode: 0, v: 'done' });
	assert.deepEqual(sent, ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9']);
	assert.equal(tokens(), 9, 'every refresh was the other call\'s');
	assert.equal(await t.token(), 'T9', 'the fresh token was kept');
	assert.equal(t.stats.tokenRefreshes, 8, 'each retry counts as a call retried with a fresh token');
});

test('transport: a call waiting for a refresh while it holds the only pool slot does not block the token request', { timeout: 10_000 }, async () => {
	// The token is read once the call holds its slots; the token request (gettoken) skips the
	// pool, or a refresh would wait for a slot held by calls waiting for that refresh.
	let n = 0;
	let first = true;
	const box = {};
	const { t } = fakeTransport([], {
		concurrency: 1,
		http: async (req) => {
			if (req.url.endsWith('/gettoken')) return { statusCode: 200, body: { errcode: 0, token: `T${++n}` } };
			if (first && req.url.endsWith('/a')) {
				first = false;
				// B queues for the slot A holds, holding a token it took before queuing.
				box.b = t.call('GET', '/b');
				await new Promise((r) => setTimeout(r, 20));
				return { statusCode: 200, body: { errcode: 42001 } };
			}
			return { statusCode: 200, body: { errcode: 0, token: req.qs.access_token } };
		},
		fetchToken: async () => {
			const body = await box.t.call('GET', '/gettoken', { auth: false, tokenRequest: true });
			return { token: body.token, expiresIn: 7200 };
		},
	});
	box.t = t;
	const a = await t.call('GET', '/a');
	const b = await box.b;
	assert.equal(a.token, 'T2');
	assert.equal(b.token, 'T2', 'B was sent with the refreshed token, not the one it queued with');
	assert.equal(n, 2);
});

test('transient errors and network resets are retried with backoff, bounded', async () => {
	const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
	const { t, calls } = fakeTransport([{ body: { errcode: -1 } }, reset, { status: 502, body: '<html>' }, { body: { errcode: 0 } }]);
	await t.call('GET', '/a');
	assert.equal(calls.length, 4);
	assert.equal(t.stats.retries, 3);
	const always = fakeTransport(Array.from({ length: 20 }, () => ({ body: { errcode: -1 } })), { maxAttempts: 3 });
	await assert.rejects(always.t.call('GET', '/a'), (e) => e.errcode === -1);
	assert.equal(always.calls.length, 3);
});

test('a rate-limit refusal does not spend the budget for faults: refused once, then three faults, the call still succeeds; a fourth fault fails it', async () => {
	const profile = {
		provider: 'Fake',
		classify({ status, body }, path) {
			if (status === 200 && body.errcode === 0) return undefined;
			const rateLimited = body.errcode === 90018;
			return new DirectoryApiError({ provider: 'Fake', errorClass: 'transient', path, errcode: body.errcode, errmsg: 'x', rateLimited });
		},
	};
	const refused = { body: { errcode: 90018 } };
	const busy = { body: { errcode: -1 } };
	const ok = { body: { errcode: 0 } };
	const a = fakeTransport([refused, busy, busy, busy, ok], { maxAttempts: 4, profile });
	await a.t.call('GET', '/a', { auth: false });
	assert.equal(a.calls.length, 5);
	const b = fakeTransport([refused, busy, busy, busy, busy, ok], { maxAttempts: 4, profile });
	await assert.rejects(b.t.call('GET', '/a', { auth: false }), (e) => e.errcode === -1);
	assert.equal(b.calls.length, 5, 'system busy is retried at most 3 times');
	// Refusals alone keep their own, larger budget (maxAttempts + 1 retries).
	const c = fakeTransport(Array.from({ length: 10 }, () => refused), { maxAttempts: 4, profile });
	await assert.rejects(c.t.call('GET', '/a', { auth: false }), (e) => e.errcode === 90018);
	assert.equal(c.calls.length, 6);
});

test('config and item errors are not retried', async () => {
	for (const code of [40001, 60102]) {
		const { t, calls } = fakeTransport([{ body: { errcode: code } }, { body: { errcode: 0 } }]);
		await assert.rejects(t.call('GET', '/a'), (e) => e.errcode === code);
		assert.equal(calls.length, 1);
	}
});

test('WeCom and DingTalk requests ask n8n not to follow redirects; Casdoor (a user-run server) keeps following them', async () => {
	const { WeComClient } = require('../../dist/lib/wecom/client.js');
	const { DingTalkClient } = require('../../dist/lib/dingtalk/client.js');
	const { CasdoorClient } = require('../../dist/lib/casdoor/client.js');
	const seen = [];
	const http = async (req) => {
		seen.push(req);
		if (/gettoken/.test(req.url)) return { statusCode: 200, body: { errcode: 0, errmsg: 'ok', access_token: `tok-${Math.random()}`, expires_in: 7200 } };
		return { statusCode: 200, body: { errcode: 0, errmsg: 'ok', status: 'ok', data: [], department: [] } };
	};
	const suffix = Math.random().toString(36).slice(2);
	await new WeComClient(http, { corpId: `c${suffix}`, secret: `s-${suffix}-redirect-test`, baseUrl: 'http://wecom.fake' }).transport.call('GET', '/cgi-bin/department/list');
	await new DingTalkClient(http, { appKey: `k${suffix}`, appSecret: `s-${suffix}-redirect-test`, baseUrl: 'http://dingtalk.fake' }).transport.call('POST', '/topapi/v2/department/listsub', { body: { dept_id: 1 } });
	const vendor = seen.splice(0);
	assert.equal(vendor.length, 4);
	for (const req of vendor) assert.equal(req.disableFollowRedirect, true, req.url);
	await new CasdoorClient(http, { endpoint: 'http://casdoor.fake', clientId: 'id', clientSecret: `s-${suffix}-casdoor`, organization: 'acme' }).transport.call('GET', '/api/get-users', { qs: { owner: 'acme' } });
	assert.equal(seen.length, 1);
	assert.notEqual(seen[0].disableFollowRedirect, true);
});

test('a call still waiting for its rate-limit slot when the run fails is never sent', async () => {
	const { t, calls } = fakeTransport([{ body: { errcode: 0 } }, { body: { errcode: 0 } }], { rateLimit: { limit: 1, windowMs: 300 } });
	const first = t.call('GET', '/a', { auth: false });
	const second = t.call('GET', '/a', { auth: false });
	await first;
	// The run fails (another call's hard error) while the second call waits ~300 ms for its slot.
	t.abort(new DirectoryApiError({ provider: 'Fake', errorClass: 'config', path: '/b', errcode: 40001, errmsg: 'x' }));
	await assert.rejects(second);
	assert.equal(calls.length, 1, 'the queued call was not sent');
});
