import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { dingTalkSource } from '../../lib/directory/dingtalkSource';
import type { DingTalkUser } from '../../lib/dingtalk/types';
import type { DirectoryChangesProvider } from '../shared/directoryChanges';
import { directoryChangesProperties, pickProfile, pollDirectoryChanges } from '../shared/directoryChanges';
import { dingTalkPollClient } from '../shared/pollClients';
import { DINGTALK_PROFILE_FIELDS } from '../shared/profileFields';


const DINGTALK: DirectoryChangesProvider<DingTalkUser> = {
	provider: 'dingtalk',
	label: 'DingTalk',
	source: async (ctx) => dingTalkSource(await dingTalkPollClient(ctx)),
	view: (u) => ({ id: u.userid, departments: u.dept_id_list ?? [], active: u.active !== false, profile: pickProfile(u, DINGTALK_PROFILE_FIELDS) }),
};

export class DingTalkDirectoryChangesTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DingTalk Directory Changes Trigger',
		name: 'dingTalkDirectoryChangesTrigger',
		icon: { light: 'file:../../icons/dingtalk.svg', dark: 'file:../../icons/dingtalk.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Directory changes (polling)',
		description:
			'Starts the workflow when the DingTalk (钉钉) directory has changed since the last poll: users joined, updated, moved, activated or left; departments created, renamed, moved or deleted. No public URL, and no event push quota used.',
		defaults: { name: 'DingTalk Directory Changes' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dingTalkApi', required: true }],
		properties: directoryChangesProperties('DingTalk'),
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollDirectoryChanges(this, DINGTALK);
	}
}
