/**
 * One DingTalk Stream subscription kept alive: open the gateway, connect, answer pings, ack
 * events, and reconnect when the connection ends — whatever the way it ends:
 *
 * - the server closes it or the network drops it: reconnect after a backoff of 1 s doubling
 *   to 60 s with jitter (reset once a connection has been registered), never a storm;
 * - the server sends `disconnect`: reconnect at once with a new ticket and close the old
 *   socket ourselves, so a server that never closes it cannot leave a zombie;
 * - nothing arrives for `idleMs` (DingTalk pings far more often): the connection died
 *   silently; close it and reconnect (the idle watchdog);
 * - the gateway refuses the credential or answers 20001: stop, and report it (StreamFatalError).
 *
 * No timers of its own: every wait is `deps.sleep` in short slices (n8n-workflow's `sleep`
 * in the node), checking whether the client was closed, so `close()` ends everything within
 * one slice and leaves no loop behind.
 */
import type { AckStatus, StreamEndpoint, StreamFrame } from './streamProtocol';
import { ackReply, backoffDelay, connectUrl, parseFrame, pingReply, StreamFatalError } from './streamProtocol';

/** The parts of a WHATWG WebSocket (Node's global one, undici's) this client uses. */
export interface StreamSocket {
	readonly readyState: number;
	send(data: string): void;
	close(code?: number, reason?: string): void;
	addEventListener(type: string, listener: (event: { data?: unknown; code?: number; reason?: string; message?: string }) => void): void;
}

export interface StreamLog {
	debug(message: string): void;
	info(message: string): void;
	warn(message: string): void;
}

export interface StreamClientDeps {
	/** The gateway call: a new endpoint and ticket (one ticket per connection). */
	open(): Promise<StreamEndpoint>;
	createSocket(url: string): StreamSocket;
	sleep(ms: number): Promise<void>;
	now(): number;
	random(): number;
	/** An EVENT frame: what to answer, now or later (after reading a profile); called at most once per frame. */
	onEvent(frame: StreamFrame): AckStatus | Promise<AckStatus>;
	/** The client stopped for good (StreamFatalError) after the first connection. */
	onFatal(error: StreamFatalError): void;
	log: StreamLog;
	/** No frame for this long → reconnect. Default 60 s. */
	idleMs?: number;
	/** How often waits wake up to check for close(). Default 250 ms. */
	sliceMs?: number;
}

type Ending = { reason: string; registered: boolean; immediate: boolean; livedMs?: number };

const OPEN = 1;
/** At most one immediate reconnect (after a server `disconnect`) in this time. */
const IMMEDIATE_GAP_MS = 10_000;

export interface StreamStats {
	connections: number;
	reconnects: number;
	idleTimeouts: number;
	disconnectFrames: number;
	events: number;
	acked: { SUCCESS: number; LATER: number };
}

export class DingTalkStreamClient {
	private closed = false;
	private lastImmediateAt = -Infinity;
	private loop: Promise<void> | undefined;
	private endCurrent: ((ending: Ending) => void) | undefined;
	readonly stats: StreamStats = { connections: 0, reconnects: 0, idleTimeouts: 0, disconnectFrames: 0, events: 0, acked: { SUCCESS: 0, LATER: 0 } };
	private readonly idleMs: number;
	private readonly sliceMs: number;

	constructor(private readonly deps: StreamClientDeps) {
		this.idleMs = deps.idleMs && deps.idleMs > 0 ? deps.idleMs : 60_000;
		this.sliceMs = deps.sliceMs && deps.sliceMs > 0 ? deps.sliceMs : 250;
	}

	get isClosed(): boolean {
		return this.closed;
	}

	/**
	 * Open the gateway once — a refused credential or a paused service fails here, so the
	 * trigger's activation fails with the reason — then keep the connection in the background.
	 * A transient failure of this first call is retried in the background like any other.
	 */
	async start(): Promise<void> {
		const first = await this.deps.open().then(
			(endpoint) => ({ endpoint, fatal: undefined }),
			(error: unknown) => ({ endpoint: undefined, fatal: error instanceof StreamFatalError ? error : undefined, error }),
		);
		if (first.fatal) throw new StreamFatalError(first.fatal.message, first.fatal.code);
		if (!first.endpoint) this.deps.log.warn(`DingTalk Stream: the first gateway call failed (${messageOf((first as { error?: unknown }).error)}); retrying in the background`);
		this.loop = this.run(first.endpoint);
	}

	/** Stop: close the socket, end the loop, and wait until it has ended. */
	async close(): Promise<void> {
		this.closed = true;
		this.endCurrent?.({ reason: 'closed', registered: false, immediate: false });
		await this.loop;
	}

	private async run(first: StreamEndpoint | undefined): Promise<void> {
		let failures = first ? 0 : 1;
		let endpoint = first;
		while (!this.closed) {
			let ending: Ending;
			try {
				endpoint ??= await this.deps.open();
				if (this.closed) return;
				ending = await this.serve(endpoint);
			} catch (error) {
				if (error instanceof StreamFatalError) {
					if (!this.closed) {
						this.closed = true;
						this.deps.onFatal(error);
					}
					return;
				}
				ending = { reason: messageOf(error), registered: false, immediate: false };
			}
			endpoint = undefined;
			if (this.closed) return;
			this.stats.reconnects++;
			// Healthy: registered and alive a while. A server that accepts and drops at once gets the backoff.
			const healthy = ending.registered && (ending.livedMs ?? 0) >= Math.min(5000, this.idleMs / 4);
			if (healthy) failures = 0;
			// A `disconnect` is the server's orderly request: come back at once — unless the last
			// one was a moment ago (a server repeating it gets the backoff, not a storm).
			const now = this.deps.now();
			if (ending.immediate && ending.registered && now - this.lastImmediateAt > IMMEDIATE_GAP_MS) {
				this.lastImmediateAt = now;
				this.deps.log.info(`DingTalk Stream: ${ending.reason}; reconnecting now`);
				continue;
			}
			const delay = backoffDelay(failures++, this.deps.random());
			this.deps.log.info(`DingTalk Stream: ${ending.reason}; reconnecting in ${delay} ms`);
			await this.pause(delay);
		}
	}

	/** Sleep in slices, returning early once closed. */
	private async pause(ms: number): Promise<void> {
		const until = this.deps.now() + ms;
		while (!this.closed) {
			const left = until - this.deps.now();
			if (left <= 0) return;
			await this.deps.sleep(Math.min(left, this.sliceMs));
		}
	}

	/** One connection, from connect to its end. Resolves with how it ended; never leaves the socket open. */
	private async serve(endpoint: StreamEndpoint): Promise<Ending> {
		const socket = this.deps.createSocket(connectUrl(endpoint));
		this.stats.connections++;
		const startedAt = this.deps.now();
		let lastFrameAt = startedAt;
		let registered = false;
		let ended: Ending | undefined;
		let resolveEnded!: (ending: Ending) => void;
		const done = new Promise<Ending>((resolve) => (resolveEnded = resolve));
		const end = (ending: Ending) => {
			if (ended) return;
			ended = { ...ending, registered: ending.registered || registered, livedMs: this.deps.now() - startedAt };
			try {
				if (socket.readyState <= OPEN) socket.close(1000, 'reconnect');
			} catch {
				// closing a socket that is still connecting can throw in some implementations
			}
			resolveEnded(ended);
		};
		this.endCurrent = end;
		const send = (text: string) => {
			if (ended || socket.readyState !== OPEN) return false;
			socket.send(text);
			return true;
		};

		socket.addEventListener('open', () => {
			lastFrameAt = this.deps.now();
			this.deps.log.debug('DingTalk Stream: connected');
		});
		socket.addEventListener('message', (event) => {
			if (ended) return;
			lastFrameAt = this.deps.now();
			const frame = parseFrame(typeof event.data === 'string' ? event.data : String(event.data));
			if (!frame) return;
			const topic = frame.headers.topic;
			if (frame.type === 'SYSTEM') {
				if (topic === 'ping') send(pingReply(frame));
				else if (topic === 'REGISTERED' || topic === 'CONNECTED') registered = true;
				else if (topic === 'disconnect') {
					this.stats.disconnectFrames++;
					end({ reason: 'the server asked to reconnect (disconnect)', registered: true, immediate: true });
				}
				return;
			}
			if (frame.type === 'EVENT' || frame.type === 'CALLBACK') {
				registered = true;
				const messageId = frame.headers.messageId;
				if (typeof messageId !== 'string' || messageId === '') return;
				this.stats.events++;
				const answer = async (): Promise<AckStatus> => {
					if (frame.type === 'CALLBACK') return 'SUCCESS';
					if (this.closed) return 'LATER';
					try {
						return await this.deps.onEvent(frame);
					} catch (error) {
						this.deps.log.warn(`DingTalk Stream: an event could not be handed to the workflow (${messageOf(error)}); DingTalk will deliver it again`);
						return 'LATER';
					}
				};
				void answer().then((status) => {
					if (send(ackReply(messageId, status))) this.stats.acked[status]++;
				});
			}
		});
		socket.addEventListener('close', (event) => {
			end({ reason: `the connection closed${event.code ? ` (${event.code}${event.reason ? ` ${event.reason}` : ''})` : ''}`, registered, immediate: false });
		});
		socket.addEventListener('error', (event) => {
			end({ reason: `the connection failed${event.message ? `: ${event.message}` : ''}`, registered, immediate: false });
		});

		// The idle watchdog: also covers a socket that never opens.
		while (!ended && !this.closed) {
			const silentFor = this.deps.now() - lastFrameAt;
			if (silentFor >= this.idleMs) {
				this.stats.idleTimeouts++;
				end({ reason: `no frame for ${Math.round(silentFor / 1000)} s (the connection died silently)`, registered, immediate: false });
				break;
			}
			await Promise.race([done, this.deps.sleep(Math.min(this.sliceMs, this.idleMs - silentFor))]);
		}
		if (!ended) end({ reason: 'closed', registered, immediate: false });
		if (this.endCurrent === end) this.endCurrent = undefined;
		return await done;
	}
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
