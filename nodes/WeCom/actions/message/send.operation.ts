import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { WeComClient } from '../../../../lib/wecom/client';
import { messageBody, requireAgentId } from '../../../../lib/wecom/messageBody';

const show = { resource: ['message'], operation: ['send'] };

const properties: INodeProperties[] = [
	{
		displayName:
			'Sent by the self-built app whose Secret and Agent ID are in the credential (the contacts-sync secret cannot send). Recipients must be in the app\'s visible scope.',
		name: 'sendNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'To Members',
		name: 'toUsers',
		type: 'string',
		default: '',
		placeholder: 'e.g. zhangsan, lisi',
		description: 'Userids separated by commas (at most 1000), or @all for everyone in the app\'s visible scope',
	},
	{
		displayName: 'To Departments',
		name: 'toDepartments',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2, 5',
		description: 'Department IDs separated by commas (at most 100)',
	},
	{
		displayName: 'To Tags',
		name: 'toTags',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1',
		description: 'Tag IDs separated by commas (at most 100)',
	},
	{
		displayName: 'Message Type',
		name: 'messageType',
		description: 'How the message is shown',
		type: 'options',
		default: 'text',
		options: [
			{ name: 'Markdown', value: 'markdown', description: 'Formatted text (shown in the WeCom app only)' },
			{ name: 'Text', value: 'text', description: 'Plain text' },
			{ name: 'Text Card', value: 'textCard', description: 'A card with a title, a description and a link' },
		],
	},
	{
		displayName: 'Text',
		name: 'content',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description: 'The message, at most 2048 bytes (about 680 Chinese characters)',
		displayOptions: { show: { messageType: ['text', 'markdown'] } },
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		description: 'At most 128 bytes',
		displayOptions: { show: { messageType: ['textCard'] } },
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'At most 512 bytes',
		displayOptions: { show: { messageType: ['textCard'] } },
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/welcome',
		description: 'The link the card opens (http:// or https://)',
		displayOptions: { show: { messageType: ['textCard'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Button Text',
				name: 'buttonText',
				type: 'string',
				default: '',
				description: 'Text Card only: the button label, at most 4 characters (default 详情)',
			},
			{
				displayName: 'Confidential',
				name: 'confidential',
				type: 'boolean',
				default: false,
				description: 'Whether the text is confidential (watermarked, cannot be forwarded); Text only',
			},
			{
				displayName: 'Skip Duplicates Within (Seconds)',
				name: 'duplicateCheckSeconds',
				type: 'number',
				default: 1800,
				typeOptions: { minValue: 1, maxValue: 14400 },
				description: 'Whether WeCom drops the same message to the same recipients sent again within this time (at most 4 hours)',
			},
		],
	},
];

export const description = updateDisplayOptions({ show }, properties);

export const concurrent = true;

/** message/send with the credential's Agent ID. Invalid recipients are reported on the item; the others got the message. */
export async function execute(this: IExecuteFunctions, i: number, client: WeComClient): Promise<IDataObject> {
	const agentId = requireAgentId(client.credentials.agentId);
	const type = this.getNodeParameter('messageType', i) as string;
	const card = type === 'textCard';
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const body = messageBody(
		{
			toUsers: this.getNodeParameter('toUsers', i),
			toDepartments: this.getNodeParameter('toDepartments', i),
			toTags: this.getNodeParameter('toTags', i),
			type,
			content: card ? undefined : this.getNodeParameter('content', i),
			title: card ? this.getNodeParameter('title', i) : undefined,
			description: card ? this.getNodeParameter('description', i) : undefined,
			url: card ? this.getNodeParameter('url', i) : undefined,
			...options,
		},
		agentId,
	);
	const sent = await client.sendMessage(body);
	const result: IDataObject = {
		msgid: sent.msgid,
		invaliduser: sent.invalidUsers,
		invalidparty: sent.invalidDepartments,
		invalidtag: sent.invalidTags,
	};
	if (sent.unlicensedUsers.length) result.unlicenseduser = sent.unlicensedUsers;
	const bad = [...sent.invalidUsers, ...sent.invalidDepartments, ...sent.invalidTags];
	if (bad.length) {
		result.warning = `Not delivered to: ${bad.join(', ')} (unknown, or outside the app's visible scope). The other recipients got the message.`;
	}
	return result;
}
