import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/** Errcodes gettoken can answer, with the fix a user should make (docs/api-notes.md, WeCom §1, §4). */
const TEST_RULES: Array<[number, string]> = [
	[40001, 'WeCom 40001: the Secret is invalid (reset, from another app, or the app is disabled). Copy the current Secret from the admin console.'],
	[40013, 'WeCom 40013: the Corp ID is invalid. Find it under My Company → Company Information (it starts with "ww").'],
	[40091, 'WeCom 40091: this Secret belongs to another corp. Use a Corp ID and Secret from the same organisation.'],
	[41002, 'WeCom 41002: the Corp ID is empty.'],
	[41004, 'WeCom 41004: the Secret is empty.'],
	[60020, "WeCom 60020: this n8n server's IP is not in the app's Trusted IPs (企业可信IP). Add it in the admin console and wait a minute."],
	[45009, 'WeCom 45009: too many calls (or too many wrong secrets: WeCom bans the IP for an hour). Wait, then check the Secret.'],
	[-1, 'WeCom -1: WeCom is busy. Try again in a moment.'],
];

export class WeComApi implements ICredentialType {
	name = 'weComApi';

	displayName = 'WeCom (企业微信) API';

	icon: Icon = { light: 'file:../icons/wecom.svg', dark: 'file:../icons/wecom.dark.svg' };

	documentationUrl = 'https://developer.work.weixin.qq.com/document/path/91039';

	properties: INodeProperties[] = [
		{
			displayName: 'Corp ID',
			name: 'corpId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'ww1234567890abcdef',
			description: 'Your organisation ID: admin console → My Company → Company Information → Corp ID',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Which secret decides what the node may do. Contacts-sync secret (Management Tools → Contacts Sync, "API editing" on): creates, updates and deletes members and departments, lists member IDs; WeCom blocks its detailed reads from a new IP (48009). Self-built app secret (Apps → your app): reads departments and member details inside the app\'s visible scope — use it for Get, Get Many and Get All in Directory, with the visible scope set to the whole company.',
		},
		{
			displayName: 'Agent ID',
			name: 'agentId',
			type: 'string',
			default: '',
			description: 'The AgentId of the self-built app. Needed only to send application messages.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://qyapi.weixin.qq.com',
			description: 'Change only for a private deployment, an egress proxy with a fixed IP, or the sandbox emulator',
		},
		{
			displayName: 'Max Concurrent Requests',
			name: 'maxConcurrency',
			type: 'number',
			default: 10,
			typeOptions: { minValue: 1, maxValue: 50 },
			description:
				'How many calls may be in flight at once. 10 reads 50,000 members in about 7.5 s over the internet; 20 is about a third faster where n8n has CPU to spare, 5 takes twice as long. WeCom answers 45033 when one API of the corp gets too many at once; the node then halves this for a while, so several n8n processes (queue-mode workers) on one corp settle by themselves.',
		},
		{
			displayName: 'Calls per Minute per API',
			name: 'callsPerMinute',
			type: 'number',
			default: 9000,
			typeOptions: { minValue: 1 },
			description:
				'WeCom allows 10,000 calls per minute per API per corp; the default keeps a margin. Several n8n processes on one corp (queue-mode workers, a second instance) need no change: on 45009 each lowers its rate to its share and creeps back up. Lower it anyway when another system uses the same corp, or to keep room for other workflows.',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			default: 30,
			typeOptions: { minValue: 1, maxValue: 300 },
			description: 'How long to wait for one answer before retrying it',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/cgi-bin/gettoken',
			method: 'GET',
			qs: { corpid: '={{$credentials.corpId}}', corpsecret: '={{$credentials.secret}}' },
		},
		rules: TEST_RULES.map(([value, message]) => ({
			type: 'responseSuccessBody' as const,
			properties: { key: 'errcode', value, message },
		})),
	};
}
