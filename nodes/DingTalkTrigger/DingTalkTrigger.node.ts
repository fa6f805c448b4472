import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { manualCallbackHooks, testCallbackCredential } from '../shared/callbackCredential';
import { callbackOptions } from '../shared/callbackOptions';
import { fetchProfilesParameter } from '../shared/fetchProfilesParameter';
import { profilesKeptOption } from '../shared/leaverProfile';
import { manualTestTrigger } from './manualHandoff';
import { DINGTALK_CALLBACK_FIELDS, receiveEvent } from './receive';
import { startStream } from './stream';

const EVENTS = [
	{ name: 'User Joined', value: 'user_add_org', description: 'DingTalk event user_add_org' },
	{ name: 'User Changed', value: 'user_modify_org', description: 'DingTalk event user_modify_org' },
	{ name: 'User Left', value: 'user_leave_org', description: 'DingTalk event user_leave_org' },
	{ name: 'User Activated', value: 'user_active_org', description: 'DingTalk event user_active_org' },
	{ name: 'Department Created', value: 'org_dept_create', description: 'DingTalk event org_dept_create' },
	{ name: 'Department Changed', value: 'org_dept_modify', description: 'DingTalk event org_dept_modify' },
	{ name: 'Department Removed', value: 'org_dept_remove', description: 'DingTalk event org_dept_remove' },
];

const CONNECTIONS = [
	{
		name: 'Stream',
		value: 'stream',
		description: 'This n8n connects out to DingTalk over a WebSocket: no public URL needed (DingTalk recommends it). Needs Node.js 22+ (n8n 2.10+).',
	},
	{
		name: 'HTTP Callback',
		value: 'httpCallback',
		description: "DingTalk calls this node's Production URL: needs a public HTTPS URL (DingTalk marks it not recommended)",
	},
];

const isStream = '$parameter["connection"] === "stream"';

export class DingTalkTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DingTalk Trigger',
		name: 'dingTalkTrigger',
		icon: { light: 'file:../../icons/dingtalk.svg', dark: 'file:../../icons/dingtalk.dark.svg' },
		group: ['trigger'],
		// 1: HTTP callback only (nodes made before Stream mode keep it); 2: Stream by default.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["connection"] === "stream" ? "Contact events (Stream)" : "Contact events (HTTP push)"}}',
		description: 'Starts the workflow when the DingTalk (钉钉) directory changes: users and departments (Stream or HTTP event push)',
		defaults: { name: 'DingTalk Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			// Stream mode always needs it (the HTTP-only Fetch Member Profiles is absent there); HTTP mode only to fetch profiles.
			{ name: 'dingTalkApi', required: true, displayOptions: { hide: { fetchProfiles: [false] } } },
			{
				name: 'dingTalkCallbackApi',
				required: true,
				testedBy: 'dingTalkCallbackApiTest',
				displayOptions: { show: { connection: ['httpCallback'] } },
			},
		],
		// In Stream mode the method is empty, so n8n registers no webhook (and "Listen for test
		// event" connects the stream instead of waiting for a call).
		webhooks: [
			{
				name: 'default',
				httpMethod: `={{${isStream} ? "" : "POST"}}`,
				responseMode: 'onReceived',
				path: 'webhook',
				ndvHideUrl: `={{${isStream}}}`,
				ndvHideMethod: true,
			},
		],
		properties: [
			{
				displayName: 'Connection',
				name: 'connection',
				description: 'How DingTalk delivers the events: HTTP push to this workflow\'s URL, or Stream (n8n connects out; no public URL needed)',
				type: 'options',
				noDataExpression: true,
				options: CONNECTIONS,
				default: 'stream',
				displayOptions: { show: { '@version': [2] } },
			},
			{
				displayName: 'Connection',
				name: 'connection',
				description: 'How DingTalk delivers the events: HTTP push to this workflow\'s URL, or Stream (n8n connects out; no public URL needed)',
				type: 'options',
				noDataExpression: true,
				options: CONNECTIONS,
				default: 'httpCallback',
				displayOptions: { show: { '@version': [1] } },
			},
			{
				displayName:
					'In the DingTalk developer console, open your app → Event Subscription (事件订阅), choose Stream mode (Stream 模式推送), and subscribe to the contact events. Use a DingTalk API credential with the same app\'s App Key and App Secret. No public URL is needed: n8n connects out. Events carry IDs only — turn on Fetch Member Profiles, or add a DingTalk get-user step, for the details.',
				name: 'streamNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { connection: ['stream'] } },
			},
			{
				displayName:
					"In the DingTalk developer console, open your app → Event Subscription, choose HTTP push, enter this node's Production URL with the credential's Token and aes_key, and subscribe to the contact events. Activate the workflow before saving there: DingTalk checks the URL at once. Events carry IDs only — turn on Fetch Member Profiles, or add a DingTalk get-user step, for the details.",
				name: 'setupNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { connection: ['httpCallback'] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENTS,
				default: [
					'user_add_org',
					'user_modify_org',
					'user_leave_org',
					'user_active_org',
					'org_dept_create',
					'org_dept_modify',
					'org_dept_remove',
				],
				description: 'Which events start the workflow. Others are acknowledged and ignored. Empty means all.',
			},
			{ ...fetchProfilesParameter('DingTalk', 'DingTalk API'), displayOptions: { show: { connection: ['httpCallback'] } } },
			{ ...callbackOptions, displayOptions: { show: { connection: ['httpCallback'] } } },
			{
				displayName: 'Options',
				name: 'streamOptions',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				displayOptions: { show: { connection: ['stream'] } },
				options: [
					{
						displayName: 'Ignore Duplicates For (Minutes)',
						name: 'dedupeWindowMinutes',
						type: 'number',
						default: 10,
						typeOptions: { minValue: 0 },
						description:
							'DingTalk delivers an event again when its acknowledgement is lost or late: an event ID seen within this time starts no second run. 0 turns this off.',
					},
					{
						displayName: 'Reconnect After Silence (Seconds)',
						name: 'idleSeconds',
						type: 'number',
						default: 60,
						typeOptions: { minValue: 1 },
						description:
							'A connection that has sent nothing (not even a ping) for this long is treated as dead and replaced. Connections can die without closing after a few days.',
					},
					fetchProfilesParameter('DingTalk', 'DingTalk API'),
					profilesKeptOption,
				],
			},
		],
	};

	methods = {
		credentialTest: {
			async dingTalkCallbackApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				return testCallbackCredential(credential, DINGTALK_CALLBACK_FIELDS);
			},
		},
	};

	/** HTTP callback: the URL is entered by hand in the vendor's console, so activation only checks the credential. */
	webhookMethods = manualCallbackHooks(DINGTALK_CALLBACK_FIELDS);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveEvent.call(this);
	}

	/** Stream: the connection lives here. HTTP callback: nothing to run (see manualTestTrigger). */
	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse | undefined> {
		if (this.getNodeParameter('connection', 'httpCallback') === 'stream') return await startStream.call(this);
		return manualTestTrigger(this);
	}
}
