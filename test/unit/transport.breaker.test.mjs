// The generic pieces DingTalk added to the shared core: the ban circuit breaker in the
// transport, the level-at-a-time tree walk, and the walk's per-member merge hook.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const { Transport } = require('../../dist/lib/transport/transport.js');
const { DirectoryApiError } = require('../../dist/lib/transport/errors.js');
const { circuitBreaker } = require('../../dist/lib/transport/circuitBreaker.js');
const { walkChildren } = require('../../dist/lib/transport/childrenWalk.js');
const { walkDirectory } = require('../../dist/lib/directory/sources/walk.js');

function bannedTransport(baseUrl, banFor) {
	const calls = [];
	const profile = {
		provider: 'Fake',
		classify({ body }, path) {
			if (body.ok) return undefined;
			return new DirectoryApiError({ provider: 'Fake', errorClass: 'config', path, errmsg: 'banned', suspendMs: banFor });
		},
	};
	const transport = new Transport({
		profile,
		http: async (req) => {
			calls.push(req.url);
			return { statusCode: 200, body: { ok: calls.length > 1 } };
		},
		baseUrl,
		credentialKey: `k-${Math.random()}`,
		concurrency: 2,
		rateLimit: { limit: 1000, windowMs: 1000 },
	});
	return { transport, calls };
}

test('a ban suspends every later call to the host without a request, until it ends', async () => {
	const { transport, calls } = bannedTransport('http://banned.example', 150);
	await assert.rejects(transport.call('GET', '/a'), /banned/);
	const second = await transport.call('GET', '/b').catch((e) => e);
	assert.equal(calls.length, 1, 'no call while the ban lasts');
	assert.equal(second.errorClass, 'config');
	assert.match(second.message, /not called: the host is blocking this server until/);
	// Another credential on the same host is blocked too: the ban is per IP, not per app.
	const other = bannedTransport('http://banned.example/', 150);
	await assert.rejects(other.transport.call('GET', '/c'), /not called/);
	assert.equal(other.calls.length, 0);
	await new Promise((r) => setTimeout(r, 170));
	assert.deepEqual(await transport.call('GET', '/d'), { ok: true });
	assert.equal(calls.length, 2);
	circuitBreaker.reset();
});

test('walkChildren reads a tree one level at a time, each node once', async () => {
	const children = { 1: [2, 3], 2: [4], 3: [5, 2], 4: [], 5: [1] };
	const asked = [];
	const out = await walkChildren(1, async (id) => {
		asked.push(id);
		return children[id].map((c) => ({ id: c }));
	}, (d) => d.id, 2);
	assert.deepEqual(out.map((d) => d.id), [2, 3, 4, 5]);
	assert.deepEqual(asked.sort(), [1, 2, 3, 4, 5], 'one listing per department, cycles ignored');
});

test('walkDirectory merges duplicate members with the source hook, keeping WeCom behaviour without one', async () => {
	const source = (withHook) => ({
		concurrency: 2,
		listDepartments: async () => [{ id: 1, parentId: 0 }, { id: 2, parentId: 1 }],
		listMembers: async (d) => [{ id: 'a', depts: [d], seenIn: [d] }],
		memberId: (m) => m.id,
		memberDepartments: (m) => m.depts,
		withDepartments: (m, depts) => ({ ...m, depts }),
		...(withHook ? { mergeMember: (k, f) => ({ ...k, seenIn: [...k.seenIn, ...f.seenIn] }) } : {}),
	});
	const merged = await walkDirectory(source(true));
	assert.deepEqual(merged.members, [{ id: 'a', depts: [1, 2], seenIn: [1, 2] }]);
	const plain = await walkDirectory(source(false));
	assert.deepEqual(plain.members, [{ id: 'a', depts: [1, 2], seenIn: [1] }]);
});

test('a spread limiter spaces starts evenly instead of admitting a burst, on a grid that late timers do not drift', async () => {
	const { SlidingWindowLimiter } = require('../../dist/lib/transport/rateLimiter.js');
	const limiter = new SlidingWindowLimiter(10, 200, 20);
	await Promise.all(Array.from({ length: 8 }, async () => await limiter.take()));
	// The limiter's own admission times: a clock read after the await would also measure how
	// late the event loop resumed each caller on a busy machine (this flaked in CI).
	const starts = [...limiter.starts];
	assert.equal(starts.length, 8);
	// Never a burst: a late timer may be caught up by at most half a slot.
	for (let i = 1; i < starts.length; i++) assert.ok(starts[i] - starts[i - 1] >= 10, `gap ${i}: ${starts[i] - starts[i - 1]} ms`);
	// Never early against the grid, so the rate never exceeds one start per spacing.
	for (let i = 1; i < starts.length; i++) assert.ok(starts[i] - starts[0] >= i * 20 - 10 * (i > 0 ? 1 : 0), `start ${i} at ${starts[i] - starts[0]} ms`);
});

test('a spread limiter keeps its rate when every timer fires late (the grid absorbs the lateness)', async () => {
	const { SlidingWindowLimiter } = require('../../dist/lib/transport/rateLimiter.js');
	const limiter = new SlidingWindowLimiter(1000, 1000, 10);
	// Another task holds the event loop 5 ms out of every 6, so every timer fires late. A
	// spacing measured from the actual start adds that lateness to every gap; the grid does not.
	const n = 30;
	const blocker = setInterval(() => {
		const until = Date.now() + 5;
		while (Date.now() < until);
	}, 6);
	try {
		await Promise.all(Array.from({ length: n }, async () => await limiter.take()));
	} finally {
		clearInterval(blocker);
	}
	const starts = [...limiter.starts];
	const span = starts[n - 1] - starts[0];
	assert.ok(span < (n - 1) * 12, `${n} starts took ${span} ms for ${n - 1} slots of 10 ms`);
	assert.ok(span >= (n - 1) * 10 - 5, `${n} starts took ${span} ms: faster than the spacing allows`);
});
