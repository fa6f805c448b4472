// A small generated WeCom directory and random mutations of it, for the sync property tests
// (test/casdoor.property.test.mjs, test/sync.safety.property.test.mjs).
export function mulberry32(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const DEPARTMENTS = [
	{ id: 1, path: 'Acme' },
	{ id: 2, path: 'Acme / 研发中心' },
	{ id: 3, path: 'Acme / 研发中心 / 前端组' },
	{ id: 4, path: 'Acme / 销售/亚太' },
	{ id: 5, path: 'Acme / Finance' },
];
const NAMES = ['王伟', '李娜', '张敏', '刘洋', 'Alice Chen', 'Bob Li', '欧阳晨', '陈静'];

/** A generated WeCom org (raw user/list shape, with the walk's department_paths). */
export function makeDirectory(rand) {
	const pick = (list) => list[Math.floor(rand() * list.length)];
	let serial = 0;
	const newMember = () => {
		serial++;
		// Some userids are not valid Casdoor names: the mapping sanitizes them.
		const userid = rand() < 0.2 ? `user${serial}@corp` : `user${serial}`;
		const departments = [pick(DEPARTMENTS)];
		if (rand() < 0.3) departments.push(pick(DEPARTMENTS));
		const m = { userid, name: `${pick(NAMES)}${serial}`, position: pick(['工程师', 'PM', 'Sales', '']), status: 1, enable: 1, gender: pick(['1', '2', '0']) };
		setDepartments(m, departments);
		if (rand() < 0.7) m.mobile = rand() < 0.5 ? `+86 139${String(serial).padStart(8, '0')}` : `137${String(serial).padStart(8, '0')}`;
		else m.mobile = ''; // withheld: must never blank Casdoor's value
		if (rand() < 0.7) m.email = `${userid.replace('@', '.')}@acme.example.com`;
		if (rand() < 0.3) m.avatar = `https://wework.example/${serial}`;
		return m;
	};
	const members = Array.from({ length: 3 + Math.floor(rand() * 6) }, newMember);
	return { members, newMember, departed: [] };
}

export function setDepartments(member, departments) {
	const unique = [...new Map(departments.map((d) => [d.id, d])).values()];
	member.department = unique.map((d) => d.id);
	member.department_paths = unique.map((d) => d.path);
}

const MUTATIONS = ['add', 'move', 'rename', 'disable', 'quit', 'delete', 'reEnable', 'return'];

export function mutate(dir, rand, history) {
	const pick = (list) => list[Math.floor(rand() * list.length)];
	const count = 1 + Math.floor(rand() * 3);
	for (let k = 0; k < count; k++) {
		const kind = pick(MUTATIONS);
		const m = dir.members.length ? pick(dir.members) : undefined;
		history.push(kind);
		if (kind === 'add' || !m) dir.members.push(dir.newMember());
		else if (kind === 'move') setDepartments(m, [pick(DEPARTMENTS), ...(rand() < 0.3 ? [pick(DEPARTMENTS)] : [])]);
		else if (kind === 'rename') m.name = `${m.name}·${Math.floor(rand() * 100)}`;
		else if (kind === 'disable') Object.assign(m, rand() < 0.5 ? { status: 2, enable: 0 } : { enable: 0 });
		else if (kind === 'quit') m.status = 5;
		else if (kind === 'delete') {
			dir.members.splice(dir.members.indexOf(m), 1);
			dir.departed.push(m);
		} else if (kind === 'reEnable') {
			const off = dir.members.filter((x) => x.status !== 1 || x.enable !== 1);
			if (off.length) Object.assign(pick(off), { status: 1, enable: 1 });
		} else if (kind === 'return' && dir.departed.length) {
			const back = dir.departed.splice(Math.floor(rand() * dir.departed.length), 1)[0];
			dir.members.push({ ...back, status: 1, enable: 1 });
		}
	}
}

