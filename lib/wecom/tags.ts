import type { IDataObject } from 'n8n-workflow';

import { DirectoryApiError } from '../transport/errors';
import { mapConcurrent } from '../transport/pool';
import type { WeComClient } from './client';
import { TAG_HINTS } from './errorTable';
import { explain } from './explain';

/**
 * WeCom tags (标签管理, D90209–D90216; docs/roles-reference.md §1). A tag is the directory's
 * role: it holds members and departments. Only the app (secret) that created a tag may
 * rename it, delete it or change its members; tag/list and tag/get work with either secret,
 * tag/get listing only the members inside the secret's visible scope.
 */

/** addtagusers / deltagusers: at most 1000 userids and 100 department IDs per call. */
export const TAG_USERS_PER_CALL = 1000;
export const TAG_DEPARTMENTS_PER_CALL = 100;
/** A tag holds at most 30,000 members and departments together. */
export const TAG_MEMBERS_MAX = 30000;

export interface WeComTag {
	tagid: number;
	tagname: string;
}

export interface WeComTagMembers {
	tagname: string;
	userlist: Array<{ userid: string; name?: string }>;
	partylist: number[];
}

export type TagChange = 'add' | 'remove';

export interface TagChangeOutcome {
	/** The userids and departments WeCom accepted. */
	users: string[];
	departments: number[];
	/** The ones WeCom refused: unknown, or outside the secret's visible scope. */
	invalidUsers: string[];
	invalidDepartments: number[];
	calls: number;
}

/** "a|b" (the documented shape) or a list: the invalid ones of a partly refused call. */
function parts(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String).filter((v) => v !== '');
	if (typeof value === 'string') return value.split('|').filter((v) => v !== '');
	if (typeof value === 'number') return [String(value)];
	return [];
}

/**
 * A tag write: a refusal explained with what a tag needs (its creator's secret). 48002 /
 * 60011 there concern this tag only (the same secret may change the tags it created), so
 * they fail the item instead of the run.
 */
async function write<T>(client: WeComClient, fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (error) {
		const explained = explain(error, TAG_HINTS);
		const tagOnly = explained instanceof DirectoryApiError && (explained.errcode === 48002 || explained.errcode === 60011);
		throw tagOnly ? explained.withDetails({ errorClass: 'item' }) : explained;
	}
}

export async function listTags(client: WeComClient): Promise<WeComTag[]> {
	const body = await client.transport.call<{ taglist?: WeComTag[] }>('GET', '/cgi-bin/tag/list');
	return (body.taglist ?? []).map((t) => ({ tagid: Number(t.tagid), tagname: String(t.tagname ?? '') }));
}

export async function getTagMembers(client: WeComClient, tagId: number): Promise<WeComTagMembers> {
	const body = await client.transport.call<Partial<WeComTagMembers>>('GET', '/cgi-bin/tag/get', { qs: { tagid: tagId } });
	return {
		tagname: String(body.tagname ?? ''),
		userlist: (body.userlist ?? []).map((u) => (u.name !== undefined ? { userid: String(u.userid), name: u.name } : { userid: String(u.userid) })),
		partylist: (body.partylist ?? []).map(Number),
	};
}

/** tag/create: the new tag's ID (WeCom picks the next one when none is given). */
export async function createTag(client: WeComClient, name: string, id?: number): Promise<number> {
	const body = id === undefined ? { tagname: name } : { tagname: name, tagid: id };
	const answer = await write(client, async () => await client.transport.call<{ tagid: number }>('POST', '/cgi-bin/tag/create', { body }));
	return Number(answer.tagid);
}

export async function updateTag(client: WeComClient, id: number, name: string): Promise<void> {
	await write(client, async () => await client.transport.call('POST', '/cgi-bin/tag/update', { body: { tagid: id, tagname: name } }));
}

export async function deleteTag(client: WeComClient, id: number): Promise<void> {
	await write(client, async () => await client.transport.call('GET', '/cgi-bin/tag/delete', { qs: { tagid: id } }));
}

/** The answer WeCom gives when every userid and department of one call is invalid: 40070 to add, 40031 to remove (D90214, D90215). */
const ALL_INVALID: Record<TagChange, number> = { add: 40070, remove: 40031 };

interface Chunk {
	users: string[];
	departments: number[];
}

/** Calls of at most 1000 userids and 100 departments, filled side by side. */
export function tagChunks(users: readonly string[], departments: readonly number[]): Chunk[] {
	const count = Math.max(Math.ceil(users.length / TAG_USERS_PER_CALL), Math.ceil(departments.length / TAG_DEPARTMENTS_PER_CALL));
	return Array.from({ length: count }, (_, k) => ({
		users: users.slice(k * TAG_USERS_PER_CALL, (k + 1) * TAG_USERS_PER_CALL),
		departments: departments.slice(k * TAG_DEPARTMENTS_PER_CALL, (k + 1) * TAG_DEPARTMENTS_PER_CALL),
	}));
}

/**
 * Add or remove members and departments of a tag, chunked to the per-call limits, calls in
 * parallel within the client's pool. WeCom answers a partly invalid call with errcode 0 and
 * the invalid ones in `invalidlist` ("a|b") / `invalidparty`, and a call where all are
 * invalid with 40070 / 40031: both are reported in the outcome. Only when nothing at all
 * was valid does this throw (the item failed); any other error throws at once.
 */
export async function changeTagMembers(
	client: WeComClient,
	change: TagChange,
	tagId: number,
	users: readonly string[],
	departments: readonly number[],
): Promise<TagChangeOutcome> {
	const path = change === 'add' ? '/cgi-bin/tag/addtagusers' : '/cgi-bin/tag/deltagusers';
	const chunks = tagChunks([...new Set(users)], [...new Set(departments)]);
	const outcome: TagChangeOutcome = { users: [], departments: [], invalidUsers: [], invalidDepartments: [], calls: chunks.length };
	let lastAllInvalid: DirectoryApiError | undefined;
	const results = await mapConcurrent(chunks, client.transport.concurrency, async (chunk) => {
		const body: IDataObject = { tagid: tagId };
		if (chunk.users.length) body.userlist = chunk.users;
		if (chunk.departments.length) body.partylist = chunk.departments;
		let failure: unknown;
		try {
			const answer = await write(client, async () => await client.transport.call<Record<string, unknown>>('POST', path, { body }));
			return { chunk, invalidUsers: parts(answer.invalidlist), invalidDepartments: parts(answer.invalidparty).map(Number) };
		} catch (error) {
			failure = error ?? new Error('unknown failure');
		}
		if (failure instanceof DirectoryApiError && failure.errcode === ALL_INVALID[change]) {
			lastAllInvalid = failure;
			return { chunk, invalidUsers: chunk.users, invalidDepartments: chunk.departments };
		}
		return { chunk, invalidUsers: [], invalidDepartments: [], failure };
	});
	// Any other refusal fails the item (the calls are independent: the others were made).
	const refused = results.find((r) => 'failure' in r);
	if (refused && 'failure' in refused) throw refused.failure;
	for (const { chunk, invalidUsers, invalidDepartments } of results) {
		const badUsers = new Set(invalidUsers);
		const badDepartments = new Set(invalidDepartments);
		outcome.users.push(...chunk.users.filter((u) => !badUsers.has(u)));
		outcome.departments.push(...chunk.departments.filter((d) => !badDepartments.has(d)));
		outcome.invalidUsers.push(...chunk.users.filter((u) => badUsers.has(u)));
		outcome.invalidDepartments.push(...chunk.departments.filter((d) => badDepartments.has(d)));
	}
	if (lastAllInvalid && outcome.users.length === 0 && outcome.departments.length === 0) {
		throw lastAllInvalid.withDetails({ context: { invalidUsers: outcome.invalidUsers, invalidDepartments: outcome.invalidDepartments } });
	}
	return outcome;
}
