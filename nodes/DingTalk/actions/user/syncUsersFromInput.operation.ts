import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DingTalkClient } from '../../../../lib/dingtalk/client';
import type { DingTalkUser } from '../../../../lib/dingtalk/types';
import { dingTalkSource } from '../../../../lib/directory/dingtalkSource';
import {
	DINGTALK_USER_FIELDS,
	createDingTalkDepartment,
	dingTalkCreateNeeds,
	dingTalkHolders,
	dingTalkRow,
	dingTalkUserSpec,
	dingTalkUserWriter,
} from '../../../../lib/directory/memberSync/dingtalkTarget';
import { walkDirectory } from '../../../../lib/directory/walk';
import type { MemberSyncTarget } from '../../../shared/syncMembers';
import { executeMemberSync, memberSyncProperties, unknownRemoval } from '../../../shared/syncMembers';
import { casdoorVocabulary } from '../../../shared/syncOutput';

const properties: INodeProperties[] = memberSyncProperties({
	noun: 'user',
	provider: 'DingTalk',
	removalVerbs: 'delete',
	resourceMapperMethod: 'getUserSyncFields',
	removalField: {
		displayName: 'Users Missing From the Input',
		name: 'removalPolicy',
		type: 'options',
		default: 'ignore',
		options: [
			{ name: 'Ignore', value: 'ignore', description: 'Leave them as they are' },
			{ name: 'Delete', value: 'delete', description: 'Delete the user from DingTalk (DingTalk has no disabled state)' },
		],
		description:
			'What happens to managed users that are not in the input. DingTalk\'s directory API cannot disable a user, only delete one. Removals happen only when "Input Is the Complete Source" is on (Options), and never past Max Removals.',
	},
});

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['syncUsersFromInput'] } }, properties);

export const dingTalkUserTarget: MemberSyncTarget<DingTalkUser, DingTalkClient> = {
	spec: dingTalkUserSpec,
	fields: DINGTALK_USER_FIELDS,
	parseRow: dingTalkRow,
	createNeeds: dingTalkCreateNeeds,
	hasEnable: false,
	read: async (client) => await walkDirectory(dingTalkSource(client)),
	holders: dingTalkHolders,
	createDepartment: createDingTalkDepartment,
	writer: (_ctx, client, args) => {
		const invited: string[] = [];
		const writer = dingTalkUserWriter({ client, ...args, invited });
		return { ...writer, notes: () => (invited.length > 0 ? { invited } : {}) };
	},
	removal: (value) => (value === 'delete' ? 'delete' : 'ignore'),
	vocabulary: casdoorVocabulary,
	concurrency: (client) => client.transport.concurrency,
};

/** Runs once for all input items. */
export async function executeOnce(this: IExecuteFunctions, client: DingTalkClient): Promise<INodeExecutionData[][]> {
	const removal = String(this.getNodeParameter('removalPolicy', 0));
	if (!['delete', 'ignore'].includes(removal)) unknownRemoval(this, removal);
	return await executeMemberSync(this, client, dingTalkUserTarget);
}
