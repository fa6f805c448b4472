import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { weComSource } from '../../lib/directory/wecomSource';
import type { WeComMember } from '../../lib/wecom/types';
import type { DirectoryChangesProvider } from '../shared/directoryChanges';
import { directoryChangesProperties, pickProfile, pollDirectoryChanges } from '../shared/directoryChanges';
import { weComPollClient } from '../shared/pollClients';
import { WECOM_PROFILE_FIELDS } from '../shared/profileFields';


const WECOM: DirectoryChangesProvider<WeComMember> = {
	provider: 'wecom',
	label: 'WeCom',
	source: async (ctx) => weComSource(await weComPollClient(ctx)),
	view: (m) => ({
		id: m.userid,
		departments: m.department ?? [],
		// WeCom status: 1 active, 2 disabled, 4 not yet activated, 5 left.
		active: m.status !== 2 && m.enable !== 0,
		profile: pickProfile(m, WECOM_PROFILE_FIELDS),
	}),
};

export class WeComDirectoryChangesTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeCom Directory Changes Trigger',
		name: 'weComDirectoryChangesTrigger',
		icon: { light: 'file:../../icons/wecom.svg', dark: 'file:../../icons/wecom.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Directory changes (polling)',
		description:
			'Starts the workflow when the WeCom (企业微信) directory has changed since the last poll: members joined, updated, moved, disabled, enabled or left; departments created, renamed, moved or deleted. No public URL needed.',
		defaults: { name: 'WeCom Directory Changes' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'weComApi', required: true }],
		properties: directoryChangesProperties('WeCom'),
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollDirectoryChanges(this, WECOM);
	}
}
