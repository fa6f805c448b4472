import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The values WeCom uses to sign and encrypt callbacks to an n8n URL (docs/api-notes.md, WeCom §6).
 * Nothing here calls WeCom, so "Test connection" checks the values' format locally
 * (WeComTrigger's credentialTest) — a wrong character would otherwise only show up as every
 * callback failing its signature or decryption.
 *
 * Field names say "secret" so n8n's lint and UI treat them as secrets; the labels use
 * WeCom's own terms.
 */
export class WeComCallbackApi implements ICredentialType {
	name = 'weComCallbackApi';

	displayName = 'WeCom (企业微信) Callback API';

	icon: Icon = { light: 'file:../icons/wecom.svg', dark: 'file:../icons/wecom.dark.svg' };

	documentationUrl = 'https://developer.work.weixin.qq.com/document/path/90930';

	properties: INodeProperties[] = [
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The Token from the callback settings (Contacts Sync → Set receive event server, or your app\'s "Receive messages" settings). Up to 32 letters and digits.',
		},
		{
			displayName: 'EncodingAESKey',
			name: 'encodingAesSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The 43-character EncodingAESKey from the same settings page',
		},
		{
			displayName: 'Corp ID',
			name: 'corpId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'ww1234567890abcdef',
			description:
				'Your organisation ID (My Company → Company Information). WeCom encrypts every callback for it; callbacks for any other ID are refused.',
		},
	];
}
