import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { registerSecret } from '../transport/redact';
import { settle } from '../transport/settle';
import type { TransportStats } from '../transport/stats';
import { TokenCache } from '../transport/tokenCache';
import type { HttpRequester } from '../transport/transport';
import { Transport } from '../transport/transport';
import { isMethodUnsupported, scimProfile } from './profile';
import type { ScimCredentials, ScimGroup, ScimListResponse, ScimPatchOperation, ScimUser } from './types';
import { PATCH_SCHEMA } from './types';

/**
 * SCIM servers publish no common rate limit; these keep a sync from flooding one while
 * still writing a few hundred users per second. A 429 is retried with backoff.
 */
export const SCIM_DEFAULTS = { maxConcurrency: 4, callsPerSecond: 50, timeoutMs: 60_000 };

/** The page size asked for; servers may answer fewer (their filter.maxResults). */
export const SCIM_PAGE = 100;

export interface ScimPage<T> {
	resources: T[];
	/** totalResults, when the server reports it. */
	total?: number;
}

/** A filter value as a SCIM string literal (RFC 7644 §3.4.2.2 uses JSON strings): quotes and backslashes escaped. */
export function filterValue(value: string): string {
	return JSON.stringify(value);
}

/**
 * The resource a name filter found: the exact match, else one differing only in case
 * (userName and displayName are case-insensitive in SCIM). Servers that ignore filters
 * answer a list of anything, so the name is checked here rather than trusted.
 */
function sameName<T>(resources: T[], nameOf: (r: T) => string, name: string): T | null {
	return resources.find((r) => nameOf(r) === name) ?? resources.find((r) => nameOf(r).toLowerCase() === name.toLowerCase()) ?? null;
}

/**
 * A SCIM 2.0 service provider (RFC 7644): Users, Groups and ServiceProviderConfig. Knows
 * endpoints, paging and the PATCH → PUT fallback; knows nothing of n8n parameters.
 */
export class ScimClient {
	readonly transport: Transport;
	readonly baseUrl: string;
	private patchSupport?: Promise<boolean>;
	/** Set once a PATCH was refused with 501/405: later writes go straight to PUT. */
	private patchRefused = false;

	constructor(http: HttpRequester, credentials: ScimCredentials, stats?: TransportStats) {
		// A pasted /Users or /ServiceProviderConfig is the most common mistake in the Base URL.
		this.baseUrl = credentials.baseUrl.trim().replace(/\/+$/, '').replace(/\/(Users|Groups|ServiceProviderConfig)$/i, '');
		const { auth } = credentials;
		const header =
			auth.type === 'basicAuth'
				? `Basic ${Buffer.from(`${auth.user}:${auth.password}`, 'utf8').toString('base64')}`
				: `Bearer ${auth.token}`;
		registerSecret(auth.type === 'basicAuth' ? auth.password : auth.token);
		registerSecret(header.slice(header.indexOf(' ') + 1));
		const identity = auth.type === 'basicAuth' ? `basic:${auth.user}` : 'bearer';
		this.transport = new Transport({
			profile: scimProfile,
			http,
			baseUrl: this.baseUrl,
			credentialKey: TokenCache.keyFor(this.baseUrl, identity, header),
			concurrency: SCIM_DEFAULTS.maxConcurrency,
			rateLimit: { limit: SCIM_DEFAULTS.callsPerSecond, windowMs: 1000 },
			timeoutMs: SCIM_DEFAULTS.timeoutMs,
			stats,
			decorate: (request) => {
				// RFC 7644 §3.1: SCIM's media type; servers must accept it, and some accept nothing else.
				request.headers = {
					...(request.headers ?? {}),
					Authorization: header,
					Accept: 'application/scim+json, application/json',
					...(request.body !== undefined ? { 'Content-Type': 'application/scim+json' } : {}),
				};
			},
		});
	}

	private async call<T>(method: IHttpRequestMethods, path: string, route: string, options: { qs?: IDataObject; body?: unknown } = {}) {
		return await this.transport.call<T>(method, path, { qs: options.qs, body: options.body as IDataObject | undefined, route });
	}

	private static item(kind: 'Users' | 'Groups', id: string): [string, string] {
		return [`/${kind}/${encodeURIComponent(id)}`, `/${kind}/{id}`];
	}

	/** Whether the server says it supports PATCH (ServiceProviderConfig); asked once. Unknown (no config) counts as yes. */
	async patchSupported(): Promise<boolean> {
		this.patchSupport ??= this.call<{ patch?: { supported?: boolean } }>('GET', '/ServiceProviderConfig', '/ServiceProviderConfig')
			.then((config) => config?.patch?.supported !== false)
			.catch(() => true);
		return !this.patchRefused && (await this.patchSupport);
	}

	/**
	 * Change a resource with PATCH, or with PUT when the server lacks PATCH (its config says
	 * so, or it answers 501/405). PUT replaces the whole resource, so `replacement` builds
	 * the full new one from the current one; it is only called on the PUT path. One call
	 * per change: the answer is the server's resource, or undefined when it answered 204
	 * No Content (RFC 7644 §3.5.2 allows it). The caller knows what it sent, so no GET
	 * follows to fetch what the server would have answered.
	 */
	private async modify<T>(kind: 'Users' | 'Groups', id: string, operations: ScimPatchOperation[], replacement: () => Promise<T>): Promise<T | undefined> {
		const [path, route] = ScimClient.item(kind, id);
		if (await this.patchSupported()) {
			const patched = await settle(
				async () => await this.call<T | ''>('PATCH', path, route, { body: { schemas: [PATCH_SCHEMA], Operations: operations } }),
			);
			if (patched.ok) return ScimClient.resource(patched.value);
			if (!isMethodUnsupported(patched.error)) throw patched.error;
			this.patchRefused = true;
		}
		return ScimClient.resource(await this.call<T | ''>('PUT', path, route, { body: await replacement() }));
	}

	/** A write's answer as a resource; an empty body (204, or a server that sends nothing) is undefined. */
	private static resource<T>(value: T | '' | null | undefined): T | undefined {
		return value === '' || value === null || value === undefined ? undefined : value;
	}

	private async get<T>(kind: 'Users' | 'Groups', id: string): Promise<T> {
		const [path, route] = ScimClient.item(kind, id);
		return await this.call<T>('GET', path, route);
	}

	private async listPage<T>(kind: 'Users' | 'Groups', startIndex: number, count: number, filter?: string): Promise<ScimPage<T>> {
		const qs: IDataObject = { startIndex, count };
		if (filter) qs.filter = filter;
		const answer = await this.call<ScimListResponse<T>>('GET', `/${kind}`, `/${kind}`, { qs });
		const total = Number(answer?.totalResults);
		return { resources: answer?.Resources ?? [], total: Number.isFinite(total) ? total : undefined };
	}

	/**
	 * Pages of startIndex/count until `limit`, totalResults, an empty page, or a page with
	 * nothing new: a server that ignores startIndex answers its first page again, which
	 * would otherwise repeat users (and a sync would see duplicates).
	 */
	private async listMany<T extends { id?: string }>(kind: 'Users' | 'Groups', filter: string | undefined, limit?: number): Promise<T[]> {
		const out: T[] = [];
		const seen = new Set<string>();
		for (let startIndex = 1; ; ) {
			const count = Math.min(SCIM_PAGE, limit !== undefined ? limit - out.length : SCIM_PAGE);
			const page = await this.listPage<T>(kind, startIndex, count, filter);
			let fresh = 0;
			for (const resource of page.resources) {
				if (resource.id !== undefined && seen.has(resource.id)) continue;
				if (resource.id !== undefined) seen.add(resource.id);
				out.push(resource);
				fresh++;
			}
			startIndex += page.resources.length;
			const exhausted = page.total !== undefined ? startIndex > page.total : page.resources.length < count;
			if (fresh === 0 || exhausted || (limit !== undefined && out.length >= limit)) break;
		}
		return limit === undefined ? out : out.slice(0, limit);
	}

	async listUsersPage(startIndex: number, count: number, filter?: string): Promise<ScimPage<ScimUser>> {
		return await this.listPage<ScimUser>('Users', startIndex, count, filter);
	}

	/** Every user matching `filter` (all users without one), up to `limit`. */
	async listUsers(filter?: string, limit?: number): Promise<ScimUser[]> {
		return await this.listMany<ScimUser>('Users', filter, limit);
	}

	async getUser(id: string): Promise<ScimUser> {
		return await this.get<ScimUser>('Users', id);
	}

	/** The user with exactly this userName, or null (filter userName eq, RFC 7644 §3.4.2.2). */
	async findUserByUserName(userName: string): Promise<ScimUser | null> {
		const page = await this.listUsersPage(1, 2, `userName eq ${filterValue(userName)}`);
		return sameName(page.resources, (u) => String(u.userName), userName);
	}

	async createUser(user: ScimUser): Promise<ScimUser> {
		return await this.call<ScimUser>('POST', '/Users', '/Users', { body: user });
	}

	/** PATCH (or PUT) a user; the server's answer, undefined after a 204. */
	async modifyUser(id: string, operations: ScimPatchOperation[], replacement: () => Promise<ScimUser>): Promise<ScimUser | undefined> {
		return await this.modify<ScimUser>('Users', id, operations, replacement);
	}

	async deleteUser(id: string): Promise<void> {
		const [path, route] = ScimClient.item('Users', id);
		await this.call('DELETE', path, route);
	}

	async listGroups(filter?: string, limit?: number): Promise<ScimGroup[]> {
		return await this.listMany<ScimGroup>('Groups', filter, limit);
	}

	async getGroup(id: string): Promise<ScimGroup> {
		return await this.get<ScimGroup>('Groups', id);
	}

	async findGroupByDisplayName(displayName: string): Promise<ScimGroup | null> {
		const page = await this.listPage<ScimGroup>('Groups', 1, 2, `displayName eq ${filterValue(displayName)}`);
		return sameName(page.resources, (g) => String(g.displayName), displayName);
	}

	async createGroup(group: ScimGroup): Promise<ScimGroup> {
		return await this.call<ScimGroup>('POST', '/Groups', '/Groups', { body: group });
	}

	/** PATCH (or PUT) a group; the server's answer, undefined after a 204. */
	async modifyGroup(id: string, operations: ScimPatchOperation[], replacement: () => Promise<ScimGroup>): Promise<ScimGroup | undefined> {
		return await this.modify<ScimGroup>('Groups', id, operations, replacement);
	}
}
