import type { IDataObject } from 'n8n-workflow';

import { DirectoryApiError } from '../transport/errors';
import { registerSecret } from '../transport/redact';
import type { TransportStats } from '../transport/stats';
import { TokenCache } from '../transport/tokenCache';
import type { HttpRequester } from '../transport/transport';
import { Transport } from '../transport/transport';
import { casdoorProfile } from './profile';
import type { CasdoorCredentials, CasdoorEnvelope, CasdoorGroup, CasdoorRole, CasdoorUser, UserLookupField } from './types';

/**
 * Casdoor publishes no rate limit; these keep a sync from flooding a small server while
 * still writing a few hundred users per second.
 */
export const CASDOOR_DEFAULTS = { maxConcurrency: 4, callsPerSecond: 100, timeoutMs: 60_000 };

/** The largest page get-users / get-groups are asked for. */
export const CASDOOR_MAX_PAGE = 100;

/** The Casdoor (and Hanzo IAM) user and group API. Knows endpoints and shapes; knows nothing of n8n parameters. */
export class CasdoorClient {
	readonly transport: Transport;
	readonly credentials: CasdoorCredentials;

	constructor(http: HttpRequester, credentials: CasdoorCredentials, stats?: TransportStats) {
		const endpoint = credentials.endpoint.trim().replace(/\/+$/, '').replace(/\/api$/, '');
		this.credentials = { ...credentials, endpoint };
		registerSecret(credentials.clientSecret);
		// Client credentials as HTTP Basic keep the secret out of URLs (and out of proxy logs).
		const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`, 'utf8').toString('base64');
		registerSecret(basic);
		this.transport = new Transport({
			profile: casdoorProfile,
			http,
			baseUrl: endpoint,
			credentialKey: TokenCache.keyFor(endpoint, credentials.clientId, credentials.clientSecret),
			concurrency: CASDOOR_DEFAULTS.maxConcurrency,
			rateLimit: { limit: CASDOOR_DEFAULTS.callsPerSecond, windowMs: 1000 },
			timeoutMs: credentials.timeoutMs || CASDOOR_DEFAULTS.timeoutMs,
			stats,
			decorate: (request) => {
				request.headers = { ...(request.headers ?? {}), Authorization: `Basic ${basic}` };
			},
		});
	}

	get organization(): string {
		return this.credentials.organization;
	}

	private async get<T>(path: string, qs: IDataObject): Promise<CasdoorEnvelope<T>> {
		return await this.transport.call<CasdoorEnvelope<T>>('GET', path, { qs });
	}

	/** True for "Affected", false for "Unaffected" (the call worked and changed nothing). */
	private async mutate(path: string, body: IDataObject, qs: IDataObject = {}): Promise<boolean> {
		const answer = await this.transport.call<CasdoorEnvelope<string>>('POST', path, { qs, body });
		return answer.data === 'Affected';
	}

	/** The organization, or null when it does not exist. */
	async getOrganization(name: string): Promise<IDataObject | null> {
		const answer = await this.get<IDataObject | null>('/api/get-organization', { id: `admin/${name}` });
		return answer.data ?? null;
	}

	/** One user by owner/name; null when missing (Casdoor answers data: null, not an error). */
	async getUser(owner: string, name: string): Promise<CasdoorUser | null> {
		const answer = await this.get<CasdoorUser | null>('/api/get-user', { id: `${owner}/${name}` });
		return answer.data ?? null;
	}

	/** One user by exact email, phone or user ID within an organization; null when missing. */
	async findUser(owner: string, field: UserLookupField, value: string): Promise<CasdoorUser | null> {
		const answer = await this.get<CasdoorUser | null>('/api/get-user', { owner, [field]: value });
		return answer.data ?? null;
	}

	/**
	 * One page of users (p starts at 1). `field`/`value` is a substring match in Casdoor
	 * (SQL LIKE %value%), never an exact one.
	 */
	async listUsersPage(
		owner: string,
		page: number,
		pageSize: number,
		filter: { field?: string; value?: string; groupName?: string } = {},
	): Promise<{ users: CasdoorUser[]; total: number }> {
		const qs: IDataObject = { owner, p: page, pageSize };
		if (filter.field && filter.value !== undefined && filter.value !== '') {
			qs.field = filter.field;
			qs.value = filter.value;
		}
		if (filter.groupName) qs.groupName = filter.groupName;
		const answer = await this.get<CasdoorUser[] | null>('/api/get-users', qs);
		const users = answer.data ?? [];
		return { users, total: Number(answer.data2) || users.length };
	}

	/** Every user of the organization in one call (get-users without p/pageSize). */
	async listAllUsers(owner: string): Promise<CasdoorUser[]> {
		const answer = await this.get<CasdoorUser[] | null>('/api/get-users', { owner });
		return answer.data ?? [];
	}

	async addUser(user: CasdoorUser): Promise<boolean> {
		return await this.mutate('/api/add-user', user as IDataObject);
	}

	/**
	 * Write only `columns` of a user. Casdoor merges the body onto the stored user and
	 * writes those columns; without `columns` it would replace its default column set and
	 * zero every field the body leaves out, so this client never sends an update without them.
	 */
	async updateUser(owner: string, name: string, changes: IDataObject, columns: readonly string[]): Promise<boolean> {
		if (columns.length === 0) {
			throw new DirectoryApiError({
				provider: 'Casdoor',
				errorClass: 'item',
				path: '/api/update-user',
				errmsg: 'nothing to update: no columns given',
			});
		}
		// owner and name belong in the body: a body name that differs from the id renames the user.
		return await this.mutate('/api/update-user', { ...changes, owner, name }, { id: `${owner}/${name}`, columns: columns.join(',') });
	}

	async deleteUser(owner: string, name: string): Promise<boolean> {
		return await this.mutate('/api/delete-user', { owner, name });
	}

	async listGroupsPage(owner: string, page: number, pageSize: number): Promise<{ groups: CasdoorGroup[]; total: number }> {
		const answer = await this.get<CasdoorGroup[] | null>('/api/get-groups', { owner, p: page, pageSize });
		const groups = answer.data ?? [];
		return { groups, total: Number(answer.data2) || groups.length };
	}

	async listAllGroups(owner: string): Promise<CasdoorGroup[]> {
		const answer = await this.get<CasdoorGroup[] | null>('/api/get-groups', { owner });
		return answer.data ?? [];
	}

	async addGroup(group: CasdoorGroup): Promise<boolean> {
		return await this.mutate('/api/add-group', group as IDataObject);
	}

	/** update-group writes every column: send the whole group, not just the changes. */
	async updateGroup(owner: string, name: string, group: CasdoorGroup): Promise<boolean> {
		return await this.mutate('/api/update-group', group as IDataObject, { id: `${owner}/${name}` });
	}

	// ---- roles (controllers/role.go, object/role.go) ----

	async listRolesPage(owner: string, page: number, pageSize: number): Promise<{ roles: CasdoorRole[]; total: number }> {
		const answer = await this.get<CasdoorRole[] | null>('/api/get-roles', { owner, p: page, pageSize });
		const roles = answer.data ?? [];
		return { roles, total: Number(answer.data2) || roles.length };
	}

	/** Every role of the organization in one call (get-roles without p/pageSize). */
	async listAllRoles(owner: string): Promise<CasdoorRole[]> {
		const answer = await this.get<CasdoorRole[] | null>('/api/get-roles', { owner });
		return answer.data ?? [];
	}

	/** One role; null when missing (data: null, not an error). */
	async getRole(owner: string, name: string): Promise<CasdoorRole | null> {
		const answer = await this.get<CasdoorRole | null>('/api/get-role', { id: `${owner}/${name}` });
		return answer.data ?? null;
	}

	async addRole(role: CasdoorRole): Promise<boolean> {
		return await this.mutate('/api/add-role', role as IDataObject);
	}

	/** update-role writes every column (AllCols): send the whole role. "Unaffected" also when the role does not exist. */
	async updateRole(owner: string, name: string, role: CasdoorRole): Promise<boolean> {
		return await this.mutate('/api/update-role', role as IDataObject, { id: `${owner}/${name}` });
	}

	async deleteRole(owner: string, name: string): Promise<boolean> {
		return await this.mutate('/api/delete-role', { owner, name });
	}
}
