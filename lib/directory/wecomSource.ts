import type { WeComClient } from '../wecom/client';
import type { WeComMember } from '../wecom/types';
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
		memberDepartments: (m) => m.department ?? [],
		withDepartments: (m, department) => ({ ...m, department }),
	};
}
