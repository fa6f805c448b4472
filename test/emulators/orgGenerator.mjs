// Deterministic organisation generator shared by the WeCom and DingTalk emulators.
//
// generateOrg({ users, departments, seed, maxDepth }) returns a provider-neutral org:
//   departments: [{ id, name, nameEn, parentId, order }]      (root first, parents before children)
//   users:       [{ userid, name, alias?, departments, orders, isLeader, mainDepartment,
//                   position?, mobile?, email?, bizMail?, gender, status, enable, avatar?,
//                   telephone?, jobNumber?, unionid, active, directLeader }]
// Same arguments → identical output (seeded mulberry32; no Date, no Math.random).
//
// Conventions chosen here:
// - `departments` is the TOTAL number of departments, root included (min 1).
// - Depth counts levels with the root at level 1 (WeCom's "15 levels deep" counts the same
//   way), so maxDepth = 1 means "root only".
// - Department ids are integers > 1 with gaps, and about 5% are swapped so a child can have a
//   smaller id than its parent (departments that were moved): never assume id order = tree order.
// - Department `order` spans the whole documented range [0, 2^32) (values above 2^31 occur).
// - Names are unique among siblings, 1–64 characters, never contain \ : * ? " < > |. A few
//   contain characters that ARE legal but awkward: "/", "&", parentheses, spaces.
// - Optional user fields are ABSENT (not '' or undefined-valued keys) when the user has none.
// - status 2 (disabled) always has enable 0; about 2% of the others also have enable 0.

/** mulberry32: tiny, fast, seeded PRNG → floats in [0, 1). */
export function mulberry32(seed) {
	let a = seed >>> 0;
	return function next() {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const ROOT_NAME = 'Acme Corp';
const ROOT_NAME_EN = 'Acme Corp';

// [Chinese name, English name]. Both obey the WeCom name rules.
const DEPT_NAMES = [
	['研发中心', 'Engineering'],
	['产品部', 'Product'],
	['市场部', 'Marketing'],
	['销售部', 'Sales'],
	['财务部', 'Finance'],
	['人力资源部', 'People'],
	['行政部', 'Administration'],
	['法务部', 'Legal'],
	['客户成功部', 'Customer Success'],
	['运营部', 'Operations'],
	['质量保障部', 'Quality Assurance'],
	['采购部', 'Procurement'],
	['信息技术部', 'IT'],
	['品牌部', 'Brand'],
	['供应链', 'Supply Chain'],
	['数据平台组', 'Data Platform'],
	['前端组', 'Frontend'],
	['后端组', 'Backend'],
	['测试组', 'Testing'],
	['华东大区', 'East China'],
	['华南大区', 'South China'],
	['华北大区', 'North China'],
	['西南大区', 'Southwest China'],
	['研发中心（北京）', 'R&D (Beijing)'],
	['销售/亚太', 'Sales/APAC'],
	['Platform Team', 'Platform Team'],
	['Mobile Apps', 'Mobile Apps'],
	['安全组', 'Security'],
];

const FAMILY = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '欧阳', '司马'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '浩', '宇', '轩', '子涵', '欣怡', '梓萱', '一诺', '思远', '晨', '雪'];
const EN_FIRST = ['Alice', 'Bob', 'Carol', 'David', 'Erin', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'Mallory', 'Oscar', 'Peggy', 'Trent', 'Victor', 'Walter'];
const EN_LAST = ['Chen', 'Wang', 'Li', 'Zhang', 'Liu', 'Smith', 'Brown', 'Lee', 'Wong', 'Ng'];
const POSITIONS = ['工程师', '高级工程师', '产品经理', '设计师', '销售经理', '会计', 'HR BP', '行政专员', '法务专员', '客服专员', '运营经理', '架构师', 'Software Engineer', 'Account Manager', 'Director'];

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const B62X2 = Array.from({ length: 3844 }, (_, i) => B62[Math.floor(i / 62)] + B62[i % 62]);

const CORP_DOMAIN = 'acme-corp.example.com';
const PERSONAL_DOMAIN = 'mail.example.net';
const BIZ_DOMAIN = 'acme.exmail.example.com';

function pad(n, width) {
	const s = String(n);
	return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

/**
 * @param {{ users?: number, departments?: number, seed?: number, maxDepth?: number }} [options]
 *   users: number of members (0..∞; 100,000 with 2,000 departments ≈ 0.7–1.2 s on a 2-core box);
 *   departments: total departments INCLUDING the root (≥ 1);
 *   seed: PRNG seed (same arguments → identical output);
 *   maxDepth: maximum number of levels, root = level 1 (1..15).
 */
export function generateOrg({ users = 50, departments = 10, seed = 1, maxDepth = 5 } = {}) {
	if (!Number.isInteger(users) || users < 0) throw new TypeError('users must be a non-negative integer');
	if (!Number.isInteger(departments) || departments < 1) throw new TypeError('departments must be an integer >= 1');
	if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > 15) throw new TypeError('maxDepth must be 1..15');
	if (maxDepth === 1 && departments > 1) throw new RangeError('maxDepth 1 allows only the root department');
	if (!Number.isInteger(seed)) throw new TypeError('seed must be an integer');

	const rnd = mulberry32(seed);
	const int = (n) => Math.floor(rnd() * n); // 0..n-1
	const pick = (arr) => arr[int(arr.length)];
	// Random text from lookup tables of 2-character chunks (one PRNG draw per chunk).
	const hex = (chunks) => {
		let s = '';
		for (let i = 0; i < chunks; i++) s += HEX2[int(256)];
		return s;
	};
	const b62 = (chunks) => {
		let s = '';
		for (let i = 0; i < chunks; i++) s += B62X2[int(3844)];
		return s;
	};

	// ---- departments -------------------------------------------------------------------------
	// Built by position; ids are assigned (and partly swapped) at the end.
	const depts = [{ id: 1, name: ROOT_NAME, nameEn: ROOT_NAME_EN, parentId: 0, order: 100000000 }];
	const parentIdx = [-1];
	const level = [1];
	const eligible = maxDepth > 1 ? [0] : []; // positions that may still receive children
	const siblingNames = new Map(); // parent position → { names, en }
	const ids = [1];
	let nextId = 2;
	for (let i = 1; i < departments; i++) {
		const p = eligible[int(eligible.length)];
		let sib = siblingNames.get(p);
		if (!sib) siblingNames.set(p, (sib = { names: new Set(), en: new Set() }));
		const [zhBase, enBase] = pick(DEPT_NAMES);
		const useEnglish = rnd() < 0.3;
		let n = 1;
		let zh = zhBase;
		let en = enBase;
		while (sib.names.has(useEnglish ? en : zh) || sib.en.has(en)) {
			n++;
			zh = `${zhBase}${n}`;
			en = `${enBase} ${n}`;
		}
		const name = useEnglish ? en : zh;
		sib.names.add(name);
		sib.en.add(en);
		depts.push({ id: 0, name, nameEn: en, parentId: 0, order: int(4294967296) });
		parentIdx.push(p);
		ids.push(nextId);
		nextId += 1 + (rnd() < 0.1 ? 1 + int(3) : 0); // gaps left by deleted departments
		const lv = level[p] + 1;
		level.push(lv);
		if (lv < maxDepth) eligible.push(i);
	}
	// Moved departments: swap the ids of ~5% of non-root positions, so a child may carry a
	// smaller id than its parent and list order ≠ id order.
	if (depts.length > 3) {
		const swaps = Math.max(1, Math.floor((depts.length - 1) * 0.05));
		for (let s = 0; s < swaps; s++) {
			const a = 1 + int(depts.length - 1);
			const b = 1 + int(depts.length - 1);
			const t = ids[a];
			ids[a] = ids[b];
			ids[b] = t;
		}
	}
	for (let i = 1; i < depts.length; i++) {
		depts[i].id = ids[i];
		depts[i].parentId = ids[parentIdx[i]];
	}

	// ---- users -------------------------------------------------------------------------------
	const deptCount = depts.length;
	const pickDept = () => {
		if (deptCount === 1 || rnd() < 0.01) return 1; // few people sit directly in the root
		return ids[1 + int(deptCount - 1)];
	};
	const mobileOffset = ((Math.abs(seed) * 7919 + 12345678) >>> 0) % 1e9;
	const leaderOf = new Map(); // department id → first leader's userid
	const out = new Array(users);

	for (let i = 0; i < users; i++) {
		const n = i + 1;
		let userid;
		let enFirst = null;
		let enLast = null;
		const form = rnd();
		if (form < 0.09) {
			enFirst = pick(EN_FIRST);
			enLast = pick(EN_LAST);
			if (form < 0.04) userid = `${enFirst}.${enLast}${n}`; // uppercase + dot
			else if (form < 0.07) userid = `${enFirst.toLowerCase()}-${enLast.toLowerCase()}-${n}`;
			else if (form < 0.08) userid = `${enFirst.toLowerCase()}_${enLast.toLowerCase()}@${n}`;
			else userid = String(800000000 + n); // starts with a digit
		} else {
			userid = `u${pad(n, 5)}`;
		}
		const english = enFirst !== null && form < 0.06;
		const name = english ? `${enFirst} ${enLast}` : pick(FAMILY) + pick(GIVEN);

		const k = deptCount > 1 && rnd() < 0.15 ? Math.min(2 + int(2), deptCount) : 1;
		const ds = [];
		while (ds.length < k) {
			const d = pickDept();
			if (!ds.includes(d)) ds.push(d);
		}
		const orders = new Array(k);
		const isLeader = new Array(k);
		for (let j = 0; j < k; j++) {
			orders[j] = int(100000000);
			isLeader[j] = rnd() < 0.04 ? 1 : 0;
			if (isLeader[j] === 1 && !leaderOf.has(ds[j])) leaderOf.set(ds[j], userid);
		}
		const mainDepartment = k > 1 && rnd() < 0.3 ? ds[1] : ds[0];

		const u = { userid, name };
		if (english) u.alias = enFirst;
		else if (rnd() < 0.15) u.alias = pick(EN_FIRST);
		u.departments = ds;
		u.orders = orders;
		u.isLeader = isLeader;
		u.mainDepartment = mainDepartment;
		if (rnd() < 0.85) u.position = pick(POSITIONS);

		const contact = rnd();
		const local = userid.toLowerCase().replace(/@/g, '.at.');
		const noEmail = contact < 0.1;
		const noMobile = !noEmail && contact < 0.2;
		if (!noMobile) u.mobile = `13${pad((n * 387420489 + mobileOffset) % 1e9, 9)}`; // 3^18 ⟂ 10^9 → unique
		if (!noEmail) u.email = `${local}@${rnd() < 0.2 ? PERSONAL_DOMAIN : CORP_DOMAIN}`;
		if (rnd() < 0.25) u.bizMail = `${local}@${BIZ_DOMAIN}`;

		const g = rnd();
		u.gender = g < 0.1 ? '0' : g < 0.55 ? '1' : '2';
		const s = rnd();
		u.status = s < 0.85 ? 1 : s < 0.9 ? 2 : s < 0.97 ? 4 : 5;
		u.enable = u.status === 2 ? 0 : rnd() < 0.02 ? 0 : 1;
		if (rnd() < 0.7) u.avatar = `https://wework.qpic.cn/wwpic/${hex(12)}/0`;
		if (rnd() < 0.3) u.telephone = `010-${pad(int(100000000), 8)}`;
		if (rnd() < 0.8) u.jobNumber = `E${pad(n, 6)}`;
		u.unionid = b62(8) + n.toString(36); // fixed-length prefix + index → unique
		u.active = rnd() >= 0.05;
		u.directLeader = [];
		out[i] = u;
	}
	// Direct leader (WeCom allows at most one): the first leader of the main department.
	for (let i = 0; i < users; i++) {
		const u = out[i];
		const l = leaderOf.get(u.mainDepartment);
		if (l !== undefined && l !== u.userid && rnd() < 0.8) u.directLeader = [l];
	}
	return { departments: depts, users: out };
}
