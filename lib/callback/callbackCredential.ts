/**
 * Checks on the values a callback credential holds. Both vendors document the same rules
 * (docs/api-notes.md, WeCom §6, docs/api-notes.md, DingTalk §6): a Token of at most 32 letters and digits and a
 * 43-character EncodingAESKey. A mistake here would make every callback fail its signature
 * or decryption, so it is reported by "Test connection" and on activation instead.
 */
import { encodingAesKeyProblem } from './callbackCrypto';

export interface CallbackSecrets {
	token: string;
	encodingAESKey: string;
	/** The ID the messages are encrypted for (WeCom Corp ID, DingTalk App Key / Corp ID). */
	receiveId: string;
	receiveIdLabel: string;
}

export function callbackCredentialProblem(secrets: CallbackSecrets): string | undefined {
	if (!secrets.token) return 'The Token is empty. Copy it from the callback settings in the admin console.';
	if (!/^[A-Za-z0-9]{1,32}$/.test(secrets.token)) {
		return 'The Token must be 1–32 letters and digits. Copy it again from the callback settings in the admin console.';
	}
	const keyProblem = encodingAesKeyProblem(secrets.encodingAESKey);
	if (keyProblem) return keyProblem;
	if (!secrets.receiveId) return `The ${secrets.receiveIdLabel} is empty: messages are encrypted for it, so it is needed to check them.`;
	return undefined;
}
