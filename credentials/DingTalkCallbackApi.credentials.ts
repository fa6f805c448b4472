import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The values DingTalk uses to sign and encrypt HTTP event callbacks (docs/api-notes.md, DingTalk §6).
 * Nothing here calls DingTalk, so "Test connection" checks the values' format locally
 * (DingTalkTrigger's credentialTest).
 */
export class DingTalkCallbackApi implements ICredentialType {
	name = 'dingTalkCallbackApi';

	displayName = 'DingTalk (钉钉) Callback API';

	icon: Icon = { light: 'file:../icons/dingtalk.svg', dark: 'file:../icons/dingtalk.dark.svg' };

	documentationUrl = 'https://open.dingtalk.com/document/development/http-callback-overview';

	properties: INodeProperties[] = [
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The signing token from the app\'s event subscription settings (HTTP push). Up to 32 letters and digits.',
		},
		{
			displayName: 'AES Key',
			name: 'aesSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The 43-character encryption key (aes_key) from the same settings',
		},
		{
			displayName: 'App Key or Corp ID',
			name: 'appKey',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'dingxxxxxxxxxxxxxxxx',
			description:
				"What DingTalk encrypts the events for: the app's AppKey (Client ID) when the subscription is set up in the developer console; the Corp ID when it was registered with the legacy register_call_back API; the Suite Key for an ISV suite. Events for any other key are refused.",
		},
	];
}
