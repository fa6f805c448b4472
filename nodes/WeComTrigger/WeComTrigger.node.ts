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
import { fetchProfilesParameter } from '../shared/fetchProfilesParameter';
import { answerUrlCheck, receiveEvent, WECOM_CALLBACK_FIELDS } from './receive';

const CHANGE_TYPES = [
	{ name: 'Member Created', value: 'create_user' },
	{ name: 'Member Updated', value: 'update_user' },
	{ name: 'Member Deleted', value: 'delete_user' },
	{ name: 'Department Created', value: 'create_party' },
	{ name: 'Department Updated', value: 'update_party' },
	{ name: 'Department Deleted', value: 'delete_party' },
	{ name: 'Tag Members Changed', value: 'update_tag' },
];

export class WeComTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeCom Trigger',
		name: 'weComTrigger',
		icon: { light: 'file:../../icons/wecom.svg', dark: 'file:../../icons/wecom.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Contacts changes',
		description: 'Starts the workflow when the WeCom (企业微信) directory changes: members, departments and tags',
		defaults: { name: 'WeCom Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'weComCallbackApi', required: true, testedBy: 'weComCallbackApiTest' },
			{ name: 'weComApi', required: true, displayOptions: { show: { fetchProfiles: [true] } } },
		],
		webhooks: [
			// WeCom checks the URL with a GET when it is saved, then POSTs events to the same URL.
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			{
				displayName:
					'In WeCom, open Security and Management → Management Tools → Contacts Sync → Set receive event server, and enter this node\'s Production URL with the Token and EncodingAESKey of the credential. Activate the workflow before saving there: WeCom checks the URL at once. Callbacks set up after 2022-08-15 carry IDs only — turn on Fetch Member Profiles, or add a "WeCom: Get Member" step, for the details.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Change Types',
				name: 'changeTypes',
				type: 'multiOptions',
				options: CHANGE_TYPES,
				default: [
					'create_user',
					'update_user',
					'delete_user',
					'create_party',
					'update_party',
					'delete_party',
					'update_tag',
				],
				description: 'Which changes start the workflow. Others are acknowledged and ignored. Empty means all.',
			},
			fetchProfilesParameter('WeCom', 'WeCom API'),
			callbackOptions,
		],
	};

	methods = {
		credentialTest: {
			async weComCallbackApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				return testCallbackCredential(credential, WECOM_CALLBACK_FIELDS);
			},
		},
	};

	/** The URL is entered by hand in the vendor's console: activation only checks the credential. */
	webhookMethods = manualCallbackHooks(WECOM_CALLBACK_FIELDS);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		if (this.getWebhookName() === 'setup') return await answerUrlCheck.call(this);
		return await receiveEvent.call(this);
	}
}
