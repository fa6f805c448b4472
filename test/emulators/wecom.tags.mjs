// Tags (标签管理, D90209–D90216) and the app's administrators (agent/get_admin_list, D100072)
// of the WeCom emulator. `tagRoutes(P, h)` returns ROUTES entries; `h` carries the emulator's
// helpers. Tags live on `emu.tags` (tagid → { tagid, tagname, users: Set, parties: Set, owner }).
//
// Rules kept here (docs/roles-reference.md §1; where the docs are silent, the choice made):
// - tag/list and tag/get work with either secret; tag/get lists only members and departments
//   inside the secret's visible scope, and members deleted since are gone.
// - A tag belongs to whoever created it: 'console' (preloaded, made in the admin console) and
//   'contacts' tags may be changed only with the contacts-sync secret, 'app' tags only with the
//   app secret (D90210: "创建的标签属于该应用,只有该应用的secret才可以增删成员"). The docs do not
//   say which errcode a non-creator gets: the emulator answers 48002.
// - tag/create: tagname 1–32 characters (40072), unique (40071); an optional tagid that is
//   taken gets 40068; at most 3000 tags.
// - tagid missing 41017, unknown 40068 (go-workwx errcodes).
// - addtagusers / deltagusers: userlist ≤ 1000 strings, partylist ≤ 100 integers, not both
//   empty, arrays not strings: else 40035 (the global errcode table's description of 40035).
//   Unknown or out-of-scope userids / departments are returned in invalidlist ("a|b") and
//   invalidparty ([..]) with errcode 0; when all are invalid: 40070 (add), 40031 (remove).
//   Removing a valid member who is not in the tag is a no-op.
// - agent/get_admin_list {agentid}: the app secret of that agent (contacts-sync secret 48002,
//   missing agentid 41011, not an integer 40056, another app 301002 — the emulator's choice,
//   the docs name only third-party and 代开发 tokens).

const TAG_NAME_MAX = 32;
const TAG_COUNT_MAX = 3000;

export function createTagStore(options, org) {
	const tags = new Map();
	const defs = options.tags ?? (options.tagIds ?? [1, 2, 3]).map((id) => ({ tagid: id, tagname: `tag ${id}` }));
	for (const t of defs) {
		tags.set(t.tagid, {
			tagid: t.tagid,
			tagname: t.tagname,
			users: new Set(t.users ?? []),
			parties: new Set(t.parties ?? []),
			owner: t.owner ?? 'console',
		});
	}
	const admins =
		options.admins ??
		org.users.slice(0, 2).map((u, i) => ({ userid: u.userid, auth_type: i === 0 ? 1 : 0 }));
	return { tags, admins };
}

export function tagRoutes(P, h) {
	const { fail, requireBodyObject, userVisible, scopeOf } = h;

	function tagIdFrom(raw) {
		if (raw === undefined || raw === null || raw === '') fail(41017);
		const text = String(raw);
		if (!/^[0-9]{1,10}$/.test(text)) fail(40068, 'tagid must be an integer');
		return Number(text);
	}

	function existingTag(ctx, raw) {
		const tag = ctx.emu.tags.get(tagIdFrom(raw));
		if (!tag) fail(40068, `tag ${raw}`);
		return tag;
	}

	function assertCreator(ctx, tag) {
		const mayEdit = ctx.kind === 'contacts' ? tag.owner !== 'app' : tag.owner === 'app';
		if (!mayEdit) fail(48002, `tag ${tag.tagid} was created by ${tag.owner === 'app' ? 'the app' : 'the admin console / contacts sync'}; only its creator may change it`);
	}

	function tagName(value) {
		if (typeof value !== 'string' || value.trim() === '' || [...value].length > TAG_NAME_MAX) fail(40072, 'tagname takes 1 to 32 characters');
		return value;
	}

	function nameTaken(ctx, name, self) {
		for (const t of ctx.emu.tags.values()) if (t.tagname === name && t !== self) return true;
		return false;
	}

	function userOk(ctx, userid) {
		const u = ctx.state.users.get(userid);
		return Boolean(u && userVisible(ctx, u));
	}

	function partyOk(ctx, id) {
		if (!ctx.state.departments.has(id)) return false;
		const scope = scopeOf(ctx);
		return !scope || scope.has(id);
	}

	function memberLists(body) {
		const users = body.userlist ?? [];
		const parties = body.partylist ?? [];
		if (!Array.isArray(users) || users.some((u) => typeof u !== 'string')) fail(40035, 'userlist must be an array of userids');
		if (!Array.isArray(parties) || parties.some((p) => !Number.isInteger(p))) fail(40035, 'partylist must be an array of integers');
		if (!users.length && !parties.length) fail(40035, 'userlist and partylist are both empty');
		if (users.length > 1000) fail(40035, 'userlist: at most 1000');
		if (parties.length > 100) fail(40035, 'partylist: at most 100');
		return { users, parties };
	}

	function change(kind) {
		return (ctx) => {
			const body = requireBodyObject(ctx.body);
			const tag = existingTag(ctx, body.tagid);
			assertCreator(ctx, tag);
			const { users, parties } = memberLists(body);
			const invalidUsers = users.filter((u) => !userOk(ctx, u));
			const invalidParties = parties.filter((p) => !partyOk(ctx, p));
			if (invalidUsers.length === users.length && invalidParties.length === parties.length) {
				fail(kind === 'add' ? 40070 : 40031, 'all list invalid');
			}
			for (const u of users) if (!invalidUsers.includes(u)) tag.users[kind === 'add' ? 'add' : 'delete'](u);
			for (const p of parties) if (!invalidParties.includes(p)) tag.parties[kind === 'add' ? 'add' : 'delete'](p);
			ctx.emu.tagCalls.push({ kind, tagid: tag.tagid, users: users.length, parties: parties.length });
			const out = {};
			if (invalidUsers.length) out.invalidlist = invalidUsers.join('|');
			if (invalidParties.length) out.invalidparty = invalidParties;
			return out;
		};
	}

	return {
		[`GET ${P}/tag/list`]: {
			handler(ctx) {
				return { taglist: [...ctx.emu.tags.values()].map((t) => ({ tagid: t.tagid, tagname: t.tagname })) };
			},
		},
		[`GET ${P}/tag/get`]: {
			handler(ctx) {
				const tag = existingTag(ctx, ctx.query.tagid);
				const userlist = [...tag.users]
					.filter((u) => userOk(ctx, u))
					.map((userid) => ({ userid, name: ctx.state.users.get(userid).name }));
				return { tagname: tag.tagname, userlist, partylist: [...tag.parties].filter((p) => partyOk(ctx, p)) };
			},
		},
		[`POST ${P}/tag/create`]: {
			handler(ctx) {
				const body = requireBodyObject(ctx.body);
				const name = tagName(body.tagname);
				if (nameTaken(ctx, name)) fail(40071, `tag name ${name} exists`);
				if (ctx.emu.tags.size >= TAG_COUNT_MAX) fail(40068, 'at most 3000 tags');
				let id = body.tagid;
				if (id !== undefined && id !== null) {
					if (!Number.isInteger(id) || id < 0) fail(40068, 'tagid must be a non-negative integer');
					if (ctx.emu.tags.has(id)) fail(40068, `tagid ${id} exists`);
				} else {
					id = Math.max(0, ...ctx.emu.tags.keys()) + 1;
				}
				ctx.emu.tags.set(id, { tagid: id, tagname: name, users: new Set(), parties: new Set(), owner: ctx.kind });
				return { tagid: id };
			},
		},
		[`POST ${P}/tag/update`]: {
			handler(ctx) {
				const body = requireBodyObject(ctx.body);
				const tag = existingTag(ctx, body.tagid);
				assertCreator(ctx, tag);
				const name = tagName(body.tagname);
				if (nameTaken(ctx, name, tag)) fail(40071, `tag name ${name} exists`);
				tag.tagname = name;
				return {};
			},
		},
		[`GET ${P}/tag/delete`]: {
			handler(ctx) {
				const tag = existingTag(ctx, ctx.query.tagid);
				assertCreator(ctx, tag);
				ctx.emu.tags.delete(tag.tagid);
				return {};
			},
		},
		[`POST ${P}/tag/addtagusers`]: { handler: change('add') },
		[`POST ${P}/tag/deltagusers`]: { handler: change('remove') },
		[`POST ${P}/agent/get_admin_list`]: {
			handler(ctx) {
				if (ctx.kind !== 'app') fail(48002, 'the administrator list is read with the app secret');
				const body = requireBodyObject(ctx.body);
				if (body.agentid === undefined || body.agentid === null || body.agentid === '') fail(41011);
				if (!Number.isInteger(body.agentid)) fail(40056, 'agentid must be an integer');
				if (body.agentid !== ctx.opts.agentId) fail(301002, `agentid ${body.agentid} is not this app`);
				return { admin: ctx.emu.admins.map((a) => ({ ...a })) };
			},
		},
	};
}
