import { DirectoryApiError } from '../../transport/errors';
import type { WeComClient } from '../../wecom/client';
import type { WeComMember } from '../../wecom/types';
import type { DirectorySource } from './model';

/** WeCom as a walkable directory: department/list once, then user/list per department. */
export function weComSource(client: WeComClient, detail: 'full' | 'simple' = 'full'): DirectorySource<WeComMember> {
	return {
		concurrency: client.transport.concurrency,
		async listDepartments(rootId) {
			const departments = await client.listDepartments(rootId);
			return departments.map((d) => ({ id: d.id, name: d.name, parentId: d.parentid, order: d.order }));
		},
		listMembers: (departmentId) =>
			detail === 'full' ? client.listMembers(departmentId) : client.listMembersSimple(departmentId),
		memberId: (m) => m.userid,
		// user/list gives each member's whole department list.
		namesAllDepartments: true,
		memberDepartments: (m) => m.department ?? [],
		withDepartments: (m, department) => ({ ...m, department }),
		// Retries exhausted, a refusal about this department, or the department outside the
		// app's visible scope (60011); never a credential, IP or permission error.
		isDepartmentError: (error) =>
			error instanceof DirectoryApiError && (error.errorClass === 'transient' || error.errorClass === 'item' || error.errcode === 60011),
		abort: (error) => {
			if (error instanceof DirectoryApiError) client.transport.abort(error);
		},
		// department/list answers a self-built app with its visible scope only, and no error
		// (D90208): a whole-directory read without department 1 is a narrowed one.
		visibleScope: {
			rootId: 1,
			name: "the app's visible scope (可见范围)",
			fix:
				"Set the app's visible scope (可见范围) to the whole company in the WeCom admin console (App Management → this app → Visible to), or use the contacts-sync secret in the credential: it sees every department, but WeCom refuses its detailed reads from a new IP (48009). To read the visible departments anyway, set On Department Error to \"Skip the Department and Mark the Result Incomplete\".",
		},
	};
}
