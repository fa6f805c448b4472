import type { WeComClient } from './client';
import { ADMIN_HINTS } from './errorTable';
import { explain } from './explain';

/** One administrator of an app: auth_type 1 may manage the app, 0 may only send its messages (D100072). */
export interface WeComAppAdmin {
	userid: string;
	auth_type: number;
	open_userid?: string;
}

/**
 * agent/get_admin_list {agentid}: the app's administrators, external ones excluded. WeCom
 * documents it for third-party and developer-built (代开发) apps; whether a self-built app's
 * secret may call it is not documented (docs/roles-reference.md §1.3).
 */
export async function getAppAdmins(client: WeComClient, agentId: number): Promise<WeComAppAdmin[]> {
	let body: { admin?: WeComAppAdmin[] };
	try {
		body = await client.transport.call<{ admin?: WeComAppAdmin[] }>('POST', '/cgi-bin/agent/get_admin_list', { body: { agentid: agentId } });
	} catch (error) {
		throw explain(error, ADMIN_HINTS);
	}
	return (body.admin ?? []).map((a) => {
		const admin: WeComAppAdmin = { userid: String(a.userid), auth_type: Number(a.auth_type) };
		if (a.open_userid) admin.open_userid = String(a.open_userid);
		return admin;
	});
}
