import type { IDataObject } from 'n8n-workflow';

/**
 * A member deleted upstream can no longer be read (WeCom 60111, DingTalk 60121), so an event
 * about a leaver carries what the node itself remembers of them — or says that it has
 * nothing. The callbacks and the Stream connection remember nothing by themselves (their
 * events carry IDs only); the profile cache is the node's static data `profiles` object
 * (user ID → profile), which only a node that reads profiles fills.
 */
export function leaverProfileFields(staticData: IDataObject, userId: string): IDataObject {
	const cache = staticData.profiles;
	const profile = cache && typeof cache === 'object' ? (cache as IDataObject)[userId] : undefined;
	if (profile && typeof profile === 'object') return { lastKnownProfile: profile as IDataObject, lastKnownProfileSource: 'cache' };
	return {
		lastKnownProfile: null,
		lastKnownProfileNote:
			'This node has no copy of the profile: the event carries IDs only, and a member who left can no longer be read. The Directory Changes trigger (polling) keeps last-known profiles of leavers.',
	};
}
