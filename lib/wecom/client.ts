import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { DirectoryApiError } from '../transport/errors';
import { registerSecret } from '../transport/redact';
import type { TransportStats } from '../transport/stats';
import { TokenCache } from '../transport/tokenCache';
import type { CallOptions, HttpRequester } from '../transport/transport';
import { Transport } from '../transport/transport';
import { MESSAGE_HINTS, WRITE_HINTS } from './errorTable';
import { explain } from './explain';
import { weComProfile } from './profile';
import type {
	WeComCredentials,
	WeComDepartment,
	WeComDepartmentWrite,
	WeComInvalidRecipients,
	WeComInvite,
	WeComMember,
	WeComMemberWrite,
} from './types';

export const WECOM_DEFAULT_BASE_URL = 'https://qyapi.weixin.qq.com';

/** Defaults kept under the documented 10,000 calls/min per API per corp (docs/api-notes.md, WeCom §5). */
export const WECOM_DEFAULTS = { maxConcurrency: 10, callsPerMinute: 9000, timeoutMs: 30_000 };

/** user/batchdelete takes at most 200 userids per call (D90199). */
export const BATCH_DELETE_MAX = 200;

const asList = <T>(value: unknown, map: (v: unknown) => T): T[] => (Array.isArray(value) ? value.map(map) : []);
/** message/send answers invalid recipients as "a|b" strings; batch/invite as arrays. */
const barList = (value: unknown): string[] =>
	typeof value === 'string' ? value.split('|').filter((v) => v !== '') : asList(value, String);

/** The WeCom contacts API. Knows endpoints and shapes; knows nothing of n8n parameters. */
export class WeComClient {
	readonly transport: Transport;
	readonly credentials: WeComCredentials;

	constructor(http: HttpRequester, credentials: WeComCredentials, stats?: TransportStats) {
		const baseUrl = (credentials.baseUrl || WECOM_DEFAULT_BASE_URL).replace(/\/+$/, '');
		this.credentials = { ...credentials, baseUrl };
		registerSecret(credentials.secret);
		const perMinute = credentials.callsPerMinute || WECOM_DEFAULTS.callsPerMinute;
		this.transport = new Transport({
			profile: weComProfile,
			http,
			baseUrl,
			credentialKey: TokenCache.keyFor(baseUrl, credentials.corpId, credentials.secret),
			concurrency: credentials.maxConcurrency || WECOM_DEFAULTS.maxConcurrency,
			rateLimit: { limit: perMinute, windowMs: 60_000 },
			// gettoken is itself rate-limited; the cache makes one call per token lifetime.
			pathLimits: { '/cgi-bin/gettoken': { limit: 60, windowMs: 60_000 } },
			timeoutMs: credentials.timeoutMs || WECOM_DEFAULTS.timeoutMs,
			followRedirects: false,
			stats,
			fetchToken: async () => {
				const body = await this.transport.call<{ access_token: string; expires_in: number }>(
					'GET',
					'/cgi-bin/gettoken',
					{ auth: false, tokenRequest: true, qs: { corpid: credentials.corpId, corpsecret: credentials.secret } },
				);
				registerSecret(body.access_token);
				return { token: body.access_token, expiresIn: Number(body.expires_in) || 7200 };
			},
			applyToken: (request, token) => {
				request.qs = { ...(request.qs ?? {}), access_token: token };
			},
		});
	}

	/** Fetches a token (the credential test). */
	async checkCredentials(): Promise<void> {
		await this.transport.token();
	}

	async listDepartments(rootId?: number): Promise<WeComDepartment[]> {
		const qs: IDataObject = rootId !== undefined ? { id: rootId } : {};
		const body = await this.transport.call<{ department?: WeComDepartment[] }>('GET', '/cgi-bin/department/list', { qs });
		return body.department ?? [];
	}

	async listDepartmentIds(rootId?: number): Promise<WeComDepartment[]> {
		const qs: IDataObject = rootId !== undefined ? { id: rootId } : {};
		const body = await this.transport.call<{ department_id?: WeComDepartment[] }>(
			'GET',
			'/cgi-bin/department/simplelist',
			{ qs },
		);
		return body.department_id ?? [];
	}

	private departmentIds?: Promise<Set<number> | undefined>;

	/**
	 * The IDs of every department this secret can see, read once per client (one node run)
	 * with department/simplelist. Undefined when this secret may not list them (the caller then
	 * leaves the check to WeCom).
	 */
	async knownDepartmentIds(): Promise<Set<number> | undefined> {
		this.departmentIds ??= this.listDepartmentIds().then(
			(list) => new Set(list.map((d) => Number(d.id))),
			(error: unknown) => {
				if (error instanceof DirectoryApiError && (error.errorClass === 'config' || error.errorClass === 'item')) return undefined;
				this.departmentIds = undefined;
				throw error;
			},
		);
		return await this.departmentIds;
	}

	async getDepartment(id: number): Promise<WeComDepartment> {
		const body = await this.transport.call<{ department: WeComDepartment }>('GET', '/cgi-bin/department/get', {
			qs: { id },
		});
		return body.department;
	}

	/** Members directly in one department, with details (self-built app secret). */
	async listMembers(departmentId: number): Promise<WeComMember[]> {
		const body = await this.transport.call<{ userlist?: WeComMember[] }>('GET', '/cgi-bin/user/list', {
			qs: { department_id: departmentId },
		});
		return body.userlist ?? [];
	}

	/** Members directly in one department: userid, name and departments only. */
	async listMembersSimple(departmentId: number): Promise<WeComMember[]> {
		const body = await this.transport.call<{ userlist?: WeComMember[] }>('GET', '/cgi-bin/user/simplelist', {
			qs: { department_id: departmentId },
		});
		return body.userlist ?? [];
	}

	async getMember(userid: string): Promise<WeComMember> {
		const body = await this.transport.call<WeComMember & { errcode?: number; errmsg?: string }>(
			'GET',
			'/cgi-bin/user/get',
			{ qs: { userid } },
		);
		const member: WeComMember = { ...body };
		delete member.errcode;
		delete member.errmsg;
		return member;
	}

	/** One page of (userid, department) pairs; contacts-sync secret only. */
	async listMemberIdsPage(cursor: string | undefined, limit: number): Promise<{
		nextCursor: string;
		rows: Array<{ userid: string; department: number }>;
	}> {
		const body = await this.transport.call<{ next_cursor?: string; dept_user?: Array<{ userid: string; department: number }> }>(
			'POST',
			'/cgi-bin/user/list_id',
			{ body: cursor ? { cursor, limit } : { limit } },
		);
		return { nextCursor: body.next_cursor ?? '', rows: body.dept_user ?? [] };
	}

	async getUserIdByMobile(mobile: string): Promise<string> {
		const body = await this.transport.call<{ userid: string }>('POST', '/cgi-bin/user/getuserid', { body: { mobile } });
		return body.userid;
	}

	// ---- writes: contacts-sync secret (D90195); a refusal says which secret is needed ----

	private async write<T = IDataObject>(method: IHttpRequestMethods, path: string, options: CallOptions): Promise<T> {
		try {
			return await this.transport.call<T>(method, path, options);
		} catch (error) {
			throw explain(error, WRITE_HINTS);
		}
	}

	/** user/create. Departments WeCom had to create (the IDs did not exist) are returned: usually a mapping bug. */
	async createMember(body: WeComMemberWrite): Promise<{ createdDepartments: Array<{ id: number; name: string }> }> {
		const answer = await this.write<{ created_department_list?: { department_info?: Array<{ id: number; name: string }> } }>(
			'POST',
			'/cgi-bin/user/create',
			{ body: body as unknown as IDataObject },
		);
		return { createdDepartments: answer.created_department_list?.department_info ?? [] };
	}

	/** user/update: only the fields in the body change. */
	async updateMember(body: WeComMemberWrite): Promise<void> {
		await this.write('POST', '/cgi-bin/user/update', { body: body as unknown as IDataObject });
	}

	async deleteMember(userid: string): Promise<void> {
		await this.write('GET', '/cgi-bin/user/delete', { qs: { userid } });
	}

	/** One user/batchdelete call: at most BATCH_DELETE_MAX userids. */
	async deleteMembers(userids: string[]): Promise<void> {
		if (userids.length > BATCH_DELETE_MAX) throw new Error(`user/batchdelete takes at most ${BATCH_DELETE_MAX} userids`);
		await this.write('POST', '/cgi-bin/user/batchdelete', { body: { useridlist: userids } });
	}

	async createDepartment(body: WeComDepartmentWrite): Promise<number> {
		const answer = await this.write<{ id: number }>('POST', '/cgi-bin/department/create', { body: body as IDataObject });
		return Number(answer.id);
	}

	async updateDepartment(body: WeComDepartmentWrite): Promise<void> {
		await this.write('POST', '/cgi-bin/department/update', { body: body as IDataObject });
	}

	async deleteDepartment(id: number): Promise<void> {
		await this.write('GET', '/cgi-bin/department/delete', { qs: { id } });
	}

	/** batch/invite (either secret). Partial failure is errcode 0 with the invalid ones listed. */
	async invite(body: WeComInvite): Promise<WeComInvalidRecipients> {
		const answer = await this.transport.call<IDataObject>('POST', '/cgi-bin/batch/invite', { body: body as IDataObject });
		return {
			invalidUsers: asList(answer.invaliduser, String),
			invalidDepartments: asList(answer.invalidparty, Number),
			invalidTags: asList(answer.invalidtag, Number),
		};
	}

	/** message/send with the app's own token and Agent ID. */
	async sendMessage(body: IDataObject): Promise<WeComInvalidRecipients & { msgid: string; unlicensedUsers: string[] }> {
		let answer: IDataObject;
		try {
			answer = await this.transport.call<IDataObject>('POST', '/cgi-bin/message/send', { body });
		} catch (error) {
			throw explain(error, MESSAGE_HINTS);
		}
		return {
			msgid: String(answer.msgid ?? ''),
			invalidUsers: barList(answer.invaliduser),
			invalidDepartments: barList(answer.invalidparty).map(Number),
			invalidTags: barList(answer.invalidtag).map(Number),
			unlicensedUsers: barList(answer.unlicenseduser),
		};
	}

	async getUserIdByEmail(email: string, emailType: 1 | 2): Promise<string> {
		const body = await this.transport.call<{ userid: string }>('POST', '/cgi-bin/user/get_userid_by_email', {
			body: { email, email_type: emailType },
		});
		return body.userid;
	}
}
