import type { IDataObject } from 'n8n-workflow';

import { walkChildren } from '../transport/childrenWalk';
import { DirectoryApiError } from '../transport/errors';
import { registerSecret } from '../transport/redact';
import type { TransportStats } from '../transport/stats';
import { TokenCache } from '../transport/tokenCache';
import type { HttpRequester } from '../transport/transport';
import { Transport } from '../transport/transport';
import { dingTalkProfile, GETTOKEN_PATH } from './profile';
import type {
	CreateUserResult,
	DingTalkCredentials,
	DingTalkDepartment,
	DingTalkLanguage,
	DingTalkUser,
	UserListOptions,
	UserPage,
} from './types';

export const DINGTALK_DEFAULT_BASE_URL = 'https://oapi.dingtalk.com';
export const DINGTALK_DEFAULT_NEW_API_BASE_URL = 'https://api.dingtalk.com';

/** 20 calls per second per app per API on the standard edition (docs/api-notes.md, DingTalk §5). */
export const DINGTALK_DEFAULTS = { qps: 20, timeoutMs: 30_000 };

/**
 * The limiter's window: DingTalk counts a second on its clock, and arrivals there trail our
 * starts by a varying delay (our own request work, then the network). With starts spaced
 * evenly (1050 / 20 = 52.5 ms apart), the 21st start is 1050 ms after the 1st, so the server
 * sees 21 calls within a second only if the 1st is delayed 50 ms more than the 21st. That
 * margin is for the network; a loaded machine delays calls unevenly by more, and there the
 * limiter widens its window by the lateness its own timers show (rateLimiter.ts,
 * LATENESS_IGNORED_MS): a fixed 50 ms margin alone met 90018s in the walk test on a loaded
 * machine, and a fixed 100 ms cost every quiet run 5% of its speed. The rare refusal beyond
 * both is retried after the 1 s block.
 */
export const QPS_WINDOW_MS = 1050;

/** The largest page v2/user/list and listsimple accept. */
export const USER_PAGE_SIZE = 100;

const ROOT_DEPARTMENT = 1;

/** The DingTalk directory API (legacy oapi /topapi). Knows endpoints and shapes; knows nothing of n8n parameters. */
/**
 * gettoken on oapi, through the oapi transport: the one token both API families use (the new
 * API's transport shares its cache entry and fetches through here too).
 */
export async function fetchAccessToken(
	transport: Transport,
	credentials: { appKey: string; appSecret: string },
): Promise<{ token: string; expiresIn: number }> {
	// Parameters in the query string: a form body gets 40035.
	const body = await transport.call<{ access_token: string; expires_in: number }>('GET', GETTOKEN_PATH, {
		auth: false,
		tokenRequest: true,
		qs: { appkey: credentials.appKey, appsecret: credentials.appSecret },
	});
	registerSecret(body.access_token);
	return { token: body.access_token, expiresIn: Number(body.expires_in) || 7200 };
}

export class DingTalkClient {
	readonly transport: Transport;
	readonly credentials: DingTalkCredentials;

	constructor(http: HttpRequester, credentials: DingTalkCredentials, stats?: TransportStats) {
		const baseUrl = (credentials.baseUrl || DINGTALK_DEFAULT_BASE_URL).replace(/\/+$/, '');
		this.credentials = { ...credentials, baseUrl };
		registerSecret(credentials.appSecret);
		const qps = Math.max(1, Math.floor(credentials.qps || DINGTALK_DEFAULTS.qps));
		this.transport = new Transport({
			profile: dingTalkProfile,
			http,
			baseUrl,
			credentialKey: TokenCache.keyFor(baseUrl, credentials.appKey, credentials.appSecret),
			// Enough calls in flight to use the whole budget at ~1 s latency, never a flood.
			concurrency: Math.min(50, Math.max(4, qps)),
			rateLimit: { limit: qps, windowMs: QPS_WINDOW_MS, spread: true, providerWindowMs: 1000 },
			// gettoken is throttled too; the cache makes it one call per token lifetime.
			pathLimits: { [GETTOKEN_PATH]: { limit: Math.min(qps, 5), windowMs: QPS_WINDOW_MS } },
			// DingTalk: retry "system busy" at most 3 times (docs/api-notes.md, DingTalk §4).
			maxAttempts: 4,
			timeoutMs: credentials.timeoutMs || DINGTALK_DEFAULTS.timeoutMs,
			followRedirects: false,
			stats,
			fetchToken: async () => await fetchAccessToken(this.transport, credentials),
			// oapi reads the token from the query string only (the header gets 88/40000).
			applyToken: (request, token) => {
				request.qs = { ...(request.qs ?? {}), access_token: token };
			},
		});
	}

	/** Fetches a token (the credential test). */
	async checkCredentials(): Promise<void> {
		await this.transport.token();
	}

	/** POST a /topapi call and return its `result`. */
	private async topapi<T>(path: string, body: IDataObject): Promise<T> {
		const answer = await this.transport.call<{ result?: T }>('POST', path, { body });
		return answer.result as T;
	}

	// ---- departments ---------------------------------------------------------------------------

	/** Direct children only (listsub never returns grandchildren). */
	async listSubDepartments(parentId = ROOT_DEPARTMENT, language?: DingTalkLanguage): Promise<DingTalkDepartment[]> {
		const body: IDataObject = { dept_id: parentId };
		if (language) body.language = language;
		return (await this.topapi<DingTalkDepartment[]>('/topapi/v2/department/listsub', body)) ?? [];
	}

	async getDepartment(id: number, language?: DingTalkLanguage): Promise<DingTalkDepartment> {
		const body: IDataObject = { dept_id: id };
		if (language) body.language = language;
		return await this.topapi<DingTalkDepartment>('/topapi/v2/department/get', body);
	}

	/**
	 * A department and everything below it. Nothing returns the whole tree, so it is walked
	 * breadth-first with listsub, each level's listings in parallel within the QPS budget.
	 * The top comes first, in listsub's shape, read with department/get.
	 */
	async walkDepartments(
		rootId = ROOT_DEPARTMENT,
		language?: DingTalkLanguage,
		onFound?: (department: DingTalkDepartment) => void,
		onChildrenError?: (departmentId: number, error: unknown) => boolean,
	): Promise<DingTalkDepartment[]> {
		const [root, below] = await Promise.all([
			this.getDepartment(rootId, language).then((top) => {
				const head: DingTalkDepartment = { dept_id: top.dept_id, name: top.name };
				if (top.parent_id !== undefined) head.parent_id = top.parent_id;
				head.create_dept_group = top.create_dept_group;
				head.auto_add_user = top.auto_add_user;
				onFound?.(head);
				return head;
			}),
			walkChildren(
				rootId,
				async (id) => await this.listSubDepartments(id, language),
				(d) => d.dept_id,
				this.transport.concurrency,
				onFound,
				onChildrenError,
			),
		]);
		return [root, ...below];
	}

	async createDepartment(body: IDataObject): Promise<number> {
		const result = await this.topapi<{ dept_id: number }>('/topapi/v2/department/create', body);
		return result.dept_id;
	}

	async updateDepartment(body: IDataObject): Promise<void> {
		await this.topapi('/topapi/v2/department/update', body);
	}

	async deleteDepartment(id: number): Promise<void> {
		await this.topapi('/topapi/v2/department/delete', { dept_id: id });
	}

	// ---- users ---------------------------------------------------------------------------------

	/** One page of the users directly in a department (v2/user/list), full records. */
	async listUsersPage(deptId: number, cursor: number, size: number, options: UserListOptions = {}): Promise<UserPage> {
		const body: IDataObject = { dept_id: deptId, cursor, size: Math.min(USER_PAGE_SIZE, Math.max(1, size)) };
		if (options.orderField) body.order_field = options.orderField;
		if (options.containAccessLimit !== undefined) body.contain_access_limit = options.containAccessLimit;
		if (options.language) body.language = options.language;
		const result = await this.topapi<{ has_more?: boolean; next_cursor?: number; list?: DingTalkUser[] }>(
			'/topapi/v2/user/list',
			body,
		);
		return { hasMore: result?.has_more === true, nextCursor: result?.next_cursor, list: result?.list ?? [] };
	}

	/** Every user directly in a department (not its sub-departments), following the cursor; stops at `limit`. */
	async listUsers(deptId: number, options: UserListOptions & { limit?: number } = {}): Promise<DingTalkUser[]> {
		const out: DingTalkUser[] = [];
		let cursor = 0;
		for (;;) {
			const want = options.limit === undefined ? USER_PAGE_SIZE : Math.min(USER_PAGE_SIZE, options.limit - out.length);
			const page = await this.listUsersPage(deptId, cursor, want, options);
			out.push(...page.list);
			if (!page.hasMore || (options.limit !== undefined && out.length >= options.limit)) break;
			if (typeof page.nextCursor !== 'number' || page.nextCursor <= cursor) {
				throw new DirectoryApiError({
					provider: 'DingTalk',
					errorClass: 'transient',
					path: '/topapi/v2/user/list',
					errmsg: `has_more without a usable next_cursor (${String(page.nextCursor)}) after cursor ${cursor}`,
				});
			}
			cursor = page.nextCursor;
		}
		return options.limit === undefined ? out : out.slice(0, options.limit);
	}

	async getUser(userid: string, language?: DingTalkLanguage): Promise<DingTalkUser> {
		const body: IDataObject = { userid };
		if (language) body.language = language;
		return await this.topapi<DingTalkUser>('/topapi/v2/user/get', body);
	}

	/** The userid of a current employee with this mobile (60121 when none). */
	async getUserIdByMobile(mobile: string): Promise<string> {
		const result = await this.topapi<{ userid: string }>('/topapi/v2/user/getbymobile', { mobile });
		return result.userid;
	}

	async countUsers(onlyActive: boolean): Promise<number> {
		const result = await this.topapi<{ count: number }>('/topapi/user/count', { only_active: onlyActive });
		return Number(result.count);
	}

	/**
	 * Add a user. 40103 is not a failure: DingTalk sent an invitation and adds the user when
	 * it is accepted. The create answer's camelCase `unionId` is returned as `unionid`.
	 */
	async createUser(body: IDataObject): Promise<CreateUserResult> {
		const result = await this.topapi<{ userid: string; unionId?: string; unionid?: string }>(
			'/topapi/v2/user/create',
			body,
		).catch((error: unknown) => {
			if (error instanceof DirectoryApiError && error.errcode === 40103) return undefined;
			return Promise.reject(error);
		});
		if (result === undefined) {
			return typeof body.userid === 'string' ? { status: 'invited', userid: body.userid } : { status: 'invited' };
		}
		const created: CreateUserResult = { status: 'created', userid: result.userid };
		const unionid = result.unionid ?? result.unionId;
		if (unionid !== undefined) created.unionid = unionid;
		return created;
	}

	async updateUser(body: IDataObject): Promise<void> {
		await this.topapi('/topapi/v2/user/update', body);
	}

	async deleteUser(userid: string): Promise<void> {
		await this.topapi('/topapi/v2/user/delete', { userid });
	}
}
