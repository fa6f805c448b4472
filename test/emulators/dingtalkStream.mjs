// DingTalk Stream gateway emulator (shared/reference/dingtalk-stream.md): a loopback HTTP
// server with POST /v1.0/gateway/connections/open (→ {endpoint, ticket}, JSON only with
// Accept: application/json, XML otherwise), and a WebSocket endpoint (the `ws` package)
// that accepts each ticket once before it expires, sends SYSTEM CONNECTED / REGISTERED /
// ping / disconnect frames and EVENT frames, and redelivers every event until it is acked
// with SUCCESS in time (a new messageId, the same eventId).
//
//   const gw = await startStreamGateway();          // credential: newApiBaseUrl gw.url
//   gw.push('user_add_org', { userId: ['u1'] });    // an event
//   gw.disconnect(); gw.drop(); gw.silence();       // faults
//   gw.set({ ackTimeoutMs, redeliveryRate, ticketTtlMs, paused, failOpens, pingEveryMs });
//   await gw.close();
//
// Controls:
// - drop(): every socket is destroyed without a close frame (a network drop);
// - disconnect({ close }): a SYSTEM `disconnect` frame; the server then closes the socket
//   after 100 ms, or never (close: false: a zombie — it stays open, silent, and gets no more events);
// - silence(): the open sockets stay open but receive nothing more (a connection that died silently);
// - redeliveryRate: after a SUCCESS ack, deliver the event once more anyway with this
//   probability (an ack lost on the way);
// - ackTimeoutMs: an ack later than this does not count (slow acks), the event is delivered again;
// - ticketTtlMs: a ticket not used within this is refused (HTTP 401 on the upgrade);
// - paused: the gateway answers error 20001 (message service paused for overuse);
// - failOpens: the next N gateway calls answer 503.
import http from 'node:http';
import { randomBytes } from 'node:crypto';

import { WebSocketServer } from 'ws';

import { mulberry32 } from './orgGenerator.mjs';

export const STREAM_APP = { appKey: 'dingstreamapp01', appSecret: 'stream-app-secret-0123456789abcdef' };

export async function startStreamGateway(options = {}) {
	const apps = new Map([[options.appKey ?? STREAM_APP.appKey, options.appSecret ?? STREAM_APP.appSecret]]);
	const settings = {
		ticketTtlMs: 90_000,
		ackTimeoutMs: 3_000,
		redeliverAfterMs: 1_500,
		laterDelayMs: 500,
		redeliveryRate: 0,
		pingEveryMs: 0,
		paused: false,
		failOpens: 0,
		...options.settings,
	};
	const random = mulberry32(options.seed ?? 1);
	const tickets = new Map();
	const events = new Map(); // eventId → { eventId, type, data, corpId, bornTime, acked, inFlight: {messageId, at, conn} }
	const log = { opens: [], connections: [], deliveries: [], acks: [], pings: [], pongs: [], rejectedTickets: [] };
	const conns = new Set();
	let seq = 0;
	const id = (prefix) => `${prefix}-${++seq}-${randomBytes(3).toString('hex')}`;

	const server = http.createServer((req, res) => {
		const url = new URL(req.url, 'http://127.0.0.1');
		if (req.method !== 'POST' || url.pathname !== '/v1.0/gateway/connections/open') {
			res.writeHead(404, { 'content-type': 'application/json' });
			return res.end(JSON.stringify({ code: 'NotFound', message: 'not found' }));
		}
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			const json = !String(req.headers.accept ?? '').includes('application/json') ? null : true;
			const answer = (status, object) => {
				if (!json) {
					res.writeHead(status, { 'content-type': 'application/xml' });
					return res.end(`<OpenConnectionResponse>${Object.entries(object).map(([k, v]) => `<${k}>${v}</${k}>`).join('')}</OpenConnectionResponse>`);
				}
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(object));
			};
			let request;
			try {
				request = JSON.parse(body);
			} catch {
				return answer(400, { code: 'InvalidParameter', message: 'body is not JSON' });
			}
			log.opens.push({ at: Date.now(), clientId: request.clientId, ua: request.ua, subscriptions: request.subscriptions, accept: req.headers.accept });
			if (settings.failOpens > 0) {
				settings.failOpens--;
				return answer(503, { code: 'ServiceUnavailable', message: 'gateway busy' });
			}
			if (!apps.has(request.clientId) || apps.get(request.clientId) !== request.clientSecret) {
				return answer(401, { code: 'InvalidAuthentication', message: 'clientId or clientSecret is invalid' });
			}
			if (settings.paused) return answer(403, { code: '20001', message: '消息服务因超量使用已暂停 (message service paused for overuse)' });
			if (!Array.isArray(request.subscriptions) || request.subscriptions.length === 0) {
				return answer(400, { code: 'InvalidParameter', message: 'subscriptions is empty' });
			}
			const ticket = randomBytes(16).toString('hex');
			tickets.set(ticket, { expires: Date.now() + settings.ticketTtlMs, used: false, clientId: request.clientId });
			answer(200, { endpoint: `ws://127.0.0.1:${server.address().port}/connect`, ticket });
		});
	});

	const wss = new WebSocketServer({ noServer: true });
	server.on('upgrade', (req, socket, head) => {
		const url = new URL(req.url, 'http://127.0.0.1');
		const ticket = url.searchParams.get('ticket');
		const entry = tickets.get(ticket);
		const problem = url.pathname !== '/connect' ? 'path' : !entry ? 'unknown ticket' : entry.used ? 'ticket already used' : entry.expires < Date.now() ? 'ticket expired' : undefined;
		if (problem) {
			log.rejectedTickets.push({ at: Date.now(), problem });
			socket.write(`HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${problem}`);
			return socket.destroy();
		}
		entry.used = true;
		wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
	});

	function send(conn, frame) {
		if (conn.silent || conn.ws.readyState !== 1) return false;
		conn.ws.send(JSON.stringify({ specVersion: '1.0', ...frame }));
		return true;
	}

	function accept(ws) {
		const conn = { id: id('conn'), ws, silent: false, zombie: false, openedAt: Date.now(), closedAt: undefined };
		conns.add(conn);
		log.connections.push(conn);
		ws.on('message', (raw) => onUpstream(conn, raw.toString()));
		ws.on('close', () => {
			conn.closedAt = Date.now();
			conns.delete(conn);
		});
		ws.on('error', () => {});
		send(conn, { type: 'SYSTEM', headers: { topic: 'CONNECTED', messageId: id('sys'), contentType: 'application/json' }, data: '{}' });
		send(conn, { type: 'SYSTEM', headers: { topic: 'REGISTERED', messageId: id('sys'), contentType: 'application/json' }, data: '{}' });
		pump();
	}

	function onUpstream(conn, text) {
		let frame;
		try {
			frame = JSON.parse(text);
		} catch {
			return;
		}
		const messageId = frame?.headers?.messageId;
		const ping = log.pings.find((p) => p.messageId === messageId);
		if (ping) {
			log.pongs.push({ at: Date.now(), messageId, data: frame.data, code: frame.code, conn: conn.id });
			return;
		}
		const event = [...events.values()].find((e) => e.inFlight?.messageId === messageId);
		let status;
		try {
			status = JSON.parse(frame.data).status;
		} catch {
			status = undefined;
		}
		const ack = { at: Date.now(), messageId, status, code: frame.code, conn: conn.id, eventId: event?.eventId, late: false, contentType: frame?.headers?.contentType };
		log.acks.push(ack);
		if (!event) return;
		if (Date.now() - event.inFlight.at > settings.ackTimeoutMs) {
			ack.late = true;
			return; // too late: it stays in flight and is delivered again
		}
		if (status === 'SUCCESS' && frame.code === 200) {
			event.inFlight = undefined;
			if (random() < settings.redeliveryRate) event.redeliverOnce = true;
			else event.acked = true;
		} else {
			event.inFlight = { ...event.inFlight, at: Date.now() - settings.redeliverAfterMs + settings.laterDelayMs };
		}
	}

	/** The connection events go to: the newest open, non-silent, non-zombie one. */
	function target() {
		return [...conns].filter((c) => !c.silent && !c.zombie && c.ws.readyState === 1).at(-1);
	}

	function pump() {
		const conn = target();
		if (!conn) return;
		const now = Date.now();
		for (const event of events.values()) {
			if (event.acked) continue;
			if (event.inFlight && now - event.inFlight.at < settings.redeliverAfterMs && !event.redeliverOnce) continue;
			if (event.redeliverOnce) {
				event.redeliverOnce = false;
				event.acked = true; // this extra delivery is the last, whatever its ack
			}
			const messageId = id('msg');
			event.inFlight = { messageId, at: now, conn: conn.id };
			event.deliveries++;
			log.deliveries.push({ at: now, eventId: event.eventId, messageId, conn: conn.id });
			send(conn, {
				type: 'EVENT',
				headers: {
					topic: event.type,
					messageId,
					eventId: event.eventId,
					eventType: event.type,
					eventBornTime: String(event.bornTime),
					eventCorpId: event.corpId,
					eventUnifiedAppId: 'unified-app-1',
					contentType: 'application/json',
				},
				data: JSON.stringify(event.data),
			});
		}
	}

	const pumpTimer = setInterval(pump, 20);
	let pingTimer;
	const schedulePings = () => {
		clearInterval(pingTimer);
		if (settings.pingEveryMs > 0) {
			pingTimer = setInterval(() => {
				for (const conn of conns) {
					const messageId = id('ping');
					const data = JSON.stringify({ opaque: randomBytes(4).toString('hex') });
					if (send(conn, { type: 'SYSTEM', headers: { topic: 'ping', messageId, contentType: 'application/json' }, data })) {
						log.pings.push({ at: Date.now(), messageId, data, conn: conn.id });
					}
				}
			}, settings.pingEveryMs);
		}
	};
	schedulePings();

	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${server.address().port}`;

	return {
		url,
		appKey: [...apps.keys()][0],
		appSecret: [...apps.values()][0],
		log,
		settings,
		set(changes) {
			Object.assign(settings, changes);
			if ('pingEveryMs' in changes) schedulePings();
		},
		/** Queue an event; it is delivered (again) until acked. Returns its eventId. */
		push(type, data, { eventId = id('evt'), corpId = 'dingcorp-stream-1', bornTime = Date.now() } = {}) {
			events.set(eventId, { eventId, type, data: { ...data }, corpId, bornTime, acked: false, inFlight: undefined, deliveries: 0 });
			pump();
			return eventId;
		},
		events,
		/** Open sockets right now. */
		openConnections() {
			return [...conns].filter((c) => c.ws.readyState === 1);
		},
		drop() {
			for (const conn of conns) conn.ws.terminate();
		},
		disconnect({ close = true } = {}) {
			for (const conn of [...conns]) {
				if (conn.zombie) continue;
				send(conn, { type: 'SYSTEM', headers: { topic: 'disconnect', messageId: id('sys'), contentType: 'application/json' }, data: '{"reason":"server restart"}' });
				conn.zombie = true;
				if (close) setTimeout(() => conn.ws.close(1000, 'server restart'), 100);
			}
		},
		silence() {
			for (const conn of conns) conn.silent = true;
		},
		allAcked() {
			return [...events.values()].every((e) => e.acked);
		},
		async close() {
			clearInterval(pumpTimer);
			clearInterval(pingTimer);
			for (const conn of conns) conn.ws.terminate();
			wss.close();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
