import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { manualCallbackHooks, testCallbackCredential } from '../shared/callbackCredential';
import { callbackOptions } from '../shared/callbackOptions';
import { DINGTALK_CALLBACK_FIELDS, receiveEvent } from './receive';

const EVENTS = [
	{ name: 'User Joined', value: 'user_add_org', description: 'DingTalk event user_add_org' },
	{ name: 'User Changed', value: 'user_modify_org', description: 'DingTalk event user_modify_org' },
	{ name: 'User Left', value: 'user_leave_org', description: 'DingTalk event user_leave_org' },
	{ name: 'User Activated', value: 'user_active_org', description: 'DingTalk event user_active_org' },
	{ name: 'Department Created', value: 'org_dept_create', description: 'DingTalk event org_dept_create' },
	{ name: 'Department Changed', value: 'org_dept_modify', description: 'DingTalk event org_dept_modify' },
	{ name: 'Department Removed', value: 'org_dept_remove', description: 'DingTalk event org_dept_remove' },
];

export class DingTalkTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DingTalk Trigger',
		name: 'dingTalkTrigger',
		icon: { light: 'file:../../icons/dingtalk.svg', dark: 'file:../../icons/dingtalk.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Contact events (HTTP push)',
		description: 'Starts the workflow when the DingTalk (钉钉) directory changes: users and departments (HTTP event push)',
		defaults: { name: 'DingTalk Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dingTalkCallbackApi', required: true, testedBy: 'dingTalkCallbackApiTest' }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName:
					"In the DingTalk developer console, open your app → Event Subscription, choose HTTP push, enter this node's Production URL with the credential's Token and aes_key, and subscribe to the contact events. Activate the workflow before saving there: DingTalk checks the URL at once. Events carry IDs only — add a DingTalk get-user step for the details.",
				name: 'setupNotice',
				type: 'notice',
				default: '',
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
			callbackOptions,
		],
	};

	methods = {
		credentialTest: {
			async dingTalkCallbackApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				return testCallbackCredential(credential, DINGTALK_CALLBACK_FIELDS);
			},
		},
	};

	/** The URL is entered by hand in the vendor's console: activation only checks the credential. */
	webhookMethods = manualCallbackHooks(DINGTALK_CALLBACK_FIELDS);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveEvent.call(this);
	}
}
