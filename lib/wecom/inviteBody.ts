import { InputValidationError } from '../transport/errors';
import type { WeComInvite } from './types';
import { departmentIdList, tagIdList, userIdList } from './validate';

export interface InviteInput {
	users?: unknown;
	departments?: unknown;
	tags?: unknown;
}

/** batch/invite: at most 1000 members, 100 departments and 100 tags per call (D90975), at least one of them. */
export function inviteBody(input: InviteInput): WeComInvite {
	const user = userIdList(input.users, 'Members', 1000);
	const party = departmentIdList(input.departments, 'Departments', 100);
	const tag = tagIdList(input.tags, 'Tags', 100);
	if (!user.length && !party.length && !tag.length) {
		throw new InputValidationError('Members', 'give at least one member, department or tag to invite');
	}
	const body: WeComInvite = {};
	if (user.length) body.user = user;
	if (party.length) body.party = party;
	if (tag.length) body.tag = tag;
	return body;
}
