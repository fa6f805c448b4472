import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/** Errcodes gettoken can answer, with the fix a user should make (dingtalk-api.md §1, §4). */
const TEST_RULES: Array<[number, string]> = [
	[40089, 'DingTalk 40089: the App Key or App Secret is wrong. Copy both from the developer console → your internal app → Credentials (凭证与基础信息).'],
	[40096, 'DingTalk 40096: the App Key is wrong. Copy it from the developer console → your internal app → Credentials (凭证与基础信息).'],
	[40001, 'DingTalk 40001: the App Secret is wrong or was reset. Copy the current one from the developer console.'],
	[40035, 'DingTalk 40035: the App Key or App Secret is empty.'],
	[60020, "DingTalk 60020: this n8n server's public IP is not in the app's IP allow-list (服务器出口IP). Add it in the developer console."],
	[50003, 'DingTalk 50003: the app is disabled. Enable it in the developer console.'],
	[90018, 'DingTalk 90018: too many token requests for this app. Wait a second and test again.'],
	[-1, 'DingTalk -1: DingTalk is busy. Try again in a moment.'],
];

export class DingTalkApi implements ICredentialType {
	name = 'dingTalkApi';

	displayName = 'DingTalk (钉钉) API';

	icon: Icon = { light: 'file:../icons/dingtalk.svg', dark: 'file:../icons/dingtalk.dark.svg' };

	documentationUrl = 'https://open.dingtalk.com/document/orgapp/obtain-orgapp-token';

	properties: INodeProperties[] = [
		{
			displayName: 'App Key',
			name: 'appKey',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'dingxxxxxxxxxxxxxxxx',
			description:
				'The AppKey (now called Client ID) of an internal app: DingTalk developer console → your app → Credentials (凭证与基础信息)',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The AppSecret (Client Secret) of the same app. Its permissions decide what the node may do: qyapi_get_department_list and qyapi_get_department_member to read, qyapi_get_member for user details and counts, qyapi_manage_addresslist to write.',
		},
		{
			displayName: 'QPS Budget',
			name: 'qpsPlan',
			type: 'options',
			default: 20,
			options: [
				{ name: 'Standard Edition (20 Calls per Second per API)', value: 20 },
				{ name: 'Professional Edition (40 Calls per Second per API)', value: 40 },
				{ name: 'Exclusive Edition or QPS Add-on Pack (60 Calls per Second per API)', value: 60 },
				{ name: 'Custom', value: 0 },
			],
			description:
				'DingTalk limits each app to a number of calls per second on each API and answers 90018 above it. The node stays within this budget; workflows in one n8n process share it. Several n8n processes on one app (queue-mode workers, a second instance) need no change: on 90018 each lowers its rate to its share and creeps back up, at the cost of a second\'s block when they first meet. Lower it anyway when another system uses the same app, or to keep room for other workflows.',
		},
		{
			displayName: 'Calls per Second per API',
			name: 'qps',
			type: 'number',
			default: 20,
			typeOptions: { minValue: 1 },
			displayOptions: { show: { qpsPlan: [0] } },
			description: 'The per-app, per-API limit to stay under',
		},
		{
			displayName: 'Legacy API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://oapi.dingtalk.com',
			description:
				'The oapi host: tokens, departments and users all live there. Change only for an egress proxy with a fixed IP, or the sandbox emulator.',
		},
		{
			displayName: 'New API Base URL',
			name: 'newApiBaseUrl',
			type: 'string',
			default: 'https://api.dingtalk.com',
			description: 'The api.dingtalk.com host of the new-style (v1.0) APIs. Change only for a proxy or the sandbox.',
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
			url: '/gettoken',
			method: 'GET',
			qs: { appkey: '={{$credentials.appKey}}', appsecret: '={{$credentials.appSecret}}' },
		},
		rules: TEST_RULES.map(([value, message]) => ({
			type: 'responseSuccessBody' as const,
			properties: { key: 'errcode', value, message },
		})),
	};
}
