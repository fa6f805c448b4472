import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { walkDirectory } from '../../../../lib/directory/sources/walk';
import { weComSource } from '../../../../lib/directory/sources/wecomSource';
import {
	WECOM_MEMBER_FIELDS,
	createWeComDepartment,
	weComCreateNeeds,
	weComHolders,
	weComMemberSpec,
	weComMemberWriter,
	weComRow,
} from '../../../../lib/directory/targets/members/wecomTarget';
import type { WeComClient } from '../../../../lib/wecom/client';
import type { WeComMember } from '../../../../lib/wecom/types';
import type { MemberSyncTarget } from '../../../shared/syncMembers';
import { memberSyncProperties } from '../../../shared/memberSyncFields';
import { executeMemberSync, unknownRemoval } from '../../../shared/syncMembers';
import { syncVocabulary } from '../../../shared/syncOutput';

const properties: INodeProperties[] = memberSyncProperties({
	noun: 'member',
	provider: 'WeCom',
	removalVerbs: 'disable or delete',
	resourceMapperMethod: 'getMemberSyncFields',
	removalField: {
		displayName: 'Members Missing From the Input',
		name: 'removalPolicy',
		type: 'options',
		default: 'disable',
		options: [
			{ name: 'Disable', value: 'disable', description: 'Set enable to 0: the member cannot sign in; the account and its data stay (reversible)' },
			{ name: 'Delete', value: 'delete', description: 'Delete the member from WeCom' },
			{ name: 'Ignore', value: 'ignore', description: 'Leave them as they are' },
		],
		description:
			'What happens to managed members that are not in the input. Removals happen only when "Input Is the Complete Source" is on (Options), and never past Max Removals.',
	},
	extra: [
		{
			displayName: 'Invite New Members',
			name: 'inviteNewMembers',
			type: 'boolean',
			default: true,
			description: 'Whether WeCom sends its own invitation to members this sync adds (user/create to_invite)',
		},
	],
});

export const description = updateDisplayOptions({ show: { resource: ['member'], operation: ['syncMembers'] } }, properties);

/** The planner's forbid / unforbid are WeCom's disable / enable (enable = 0 / 1). */
export const weComMemberVocabulary = syncVocabulary({ action: 'disable', counted: 'disabled' }, { action: 'enable', counted: 'enabled' });

export const weComMemberTarget: MemberSyncTarget<WeComMember, WeComClient> = {
	spec: weComMemberSpec,
	fields: WECOM_MEMBER_FIELDS,
	parseRow: weComRow,
	createNeeds: weComCreateNeeds,
	hasEnable: true,
	read: async (client) => await walkDirectory(weComSource(client)),
	holders: weComHolders,
	createDepartment: createWeComDepartment,
	writer: (ctx, client, args) =>
		weComMemberWriter({ client, ...args, invite: ctx.getNodeParameter('inviteNewMembers', 0, true) !== false }),
	removal: (value) => (value === 'disable' ? 'forbid' : value === 'delete' ? 'delete' : 'ignore'),
	vocabulary: weComMemberVocabulary,
	concurrency: (client) => client.transport.concurrency,
};

/** Runs once for all input items. */
export async function executeOnce(this: IExecuteFunctions, client: WeComClient): Promise<INodeExecutionData[][]> {
	const removal = String(this.getNodeParameter('removalPolicy', 0));
	if (!['disable', 'delete', 'ignore'].includes(removal)) unknownRemoval(this, removal);
	return await executeMemberSync(this, client, weComMemberTarget);
}
