import { InputValidationError } from '../transport/errors';
import { TAG_MEMBERS_MAX } from './tags';
import { departmentIdList, optionalText, userIdList } from './validate';

/** Tag input rules (D90210–D90215), checked before any call so the error names the field. */

const UINT32_MAX = 2 ** 32 - 1;

export function requireTagId(value: unknown, field = 'Tag'): number {
	const text = value === undefined || value === null || typeof value === 'object' ? '' : String(value).trim();
	if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > UINT32_MAX) {
		throw new InputValidationError(field, 'must be a tag ID (a positive whole number, see Tag → Get Many)');
	}
	return Number(text);
}

export function optionalTagId(value: unknown, field: string): number | undefined {
	return optionalText(value, field) === undefined ? undefined : requireTagId(value, field);
}

/** 1 to 32 characters (汉字或英文字母), unique in the corp. */
export function requireTagName(value: unknown, field = 'Name'): string {
	const name = optionalText(value, field);
	if (name === undefined) throw new InputValidationError(field, 'is required (1 to 32 characters)');
	const length = [...name].length;
	if (length > 32) throw new InputValidationError(field, `must be at most 32 characters (it has ${length})`);
	return name;
}

export interface TagMembersInput {
	users: string[];
	departments: number[];
}

/**
 * The userids and department IDs of one Add / Remove Members item. The per-call limits
 * (1000 / 100) are handled by chunking; a tag holds at most 30,000 of both together.
 */
export function tagMembersInput(users: unknown, departments: unknown): TagMembersInput {
	const userIds = [...new Set(userIdList(users, 'Members', TAG_MEMBERS_MAX))];
	const departmentIds = [...new Set(departmentIdList(departments, 'Departments', TAG_MEMBERS_MAX))];
	if (!userIds.length && !departmentIds.length) {
		throw new InputValidationError('Members', 'give at least one member or department');
	}
	if (userIds.length + departmentIds.length > TAG_MEMBERS_MAX) {
		throw new InputValidationError('Members', `a tag holds at most ${TAG_MEMBERS_MAX} members and departments together`);
	}
	return { users: userIds, departments: departmentIds };
}
