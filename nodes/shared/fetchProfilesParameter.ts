import type { INodeProperties } from 'n8n-workflow';

/** The event triggers' switch for reading each joined or changed member through the directory API. */
export function fetchProfilesParameter(provider: 'WeCom' | 'DingTalk', credential: string): INodeProperties {
	return {
		displayName: 'Fetch Member Profiles',
		name: 'fetchProfiles',
		type: 'boolean',
		default: false,
		description: `Whether to read each member who joined or changed through the ${provider} API (one call per member, with the ${credential} credential) and add it to the item as "profile". The trigger also remembers these profiles, so that a "left" event carries the last-known profile of the member who left.`,
	};
}
