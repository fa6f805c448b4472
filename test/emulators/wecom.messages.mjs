// Invitations (batch/invite, D90975) and application messages (message/send, D90236) of the
// WeCom emulator. `messageRoutes(P, h)` returns ROUTES entries; `h` carries the emulator's
// helpers. Sent messages and invitations are recorded on `emu.messages` / `emu.invitations`.
//
// - batch/invite: either secret (the self-built app may invite; wecom-api.md §5). Unknown or
//   out-of-scope members, departments and tags are returned in invaliduser / invalidparty /
//   invalidtag (arrays, present only when non-empty) with errcode 0: partial failure is
//   success, and success does not mean delivery.
// - message/send: app secret only (EC 48002: the contacts-sync token cannot send messages);
//   agentid must be the app's own (41011 missing, 40056 not an integer, 301002 another app).
//   Recipients are "|"-separated strings, "@all" for everyone in scope; invalid ones come back
//   in invaliduser / invalidparty / invalidtag as "|"-separated strings, 81013 when all are
//   invalid, 82001 when none is given. Limits (D90236, EC): 1000 users (40032), 100
//   departments (82002), 100 tags (82003); text and markdown content ≤ 2048 bytes (45002);
//   text card title ≤ 128 bytes, description ≤ 512 bytes, url ≤ 2048 bytes with a scheme,
//   button text ≤ 4 characters.

const bytes = (s) => Buffer.byteLength(s, 'utf8');
const isString = (v) => typeof v === 'string';

export function messageRoutes(P, h) {
	const { fail, requireBodyObject, userVisible, scopeOf } = h;

	function userOk(ctx, userid) {
		const u = ctx.state.users.get(userid);
		return Boolean(u && userVisible(ctx, u));
	}
	function partyOk(ctx, id) {
		if (!ctx.state.departments.has(id)) return false;
		const scope = scopeOf(ctx);
		return !scope || scope.has(id);
	}
	const tagOk = (ctx, id) => ctx.emu.tags.has(id);

	function splitBar(value, key) {
		if (value === undefined || value === null || value === '') return [];
		if (!isString(value)) fail(40058, `${key} must be a "|"-separated string`);
		return value.split('|').filter((s) => s !== '');
	}

	function intList(value, key, max) {
		if (value === undefined || value === null) return [];
		if (!Array.isArray(value) || value.some((x) => !Number.isInteger(x))) fail(40058, `${key} must be an array of integers`);
		if (value.length > max) fail(40058, `${key}: at most ${max}`);
		return value;
	}

	function content(value, missingCode, max, key) {
		if (!isString(value) || value === '') fail(missingCode, `${key} is required`);
		if (bytes(value) > max) fail(45002, `${key}: at most ${max} bytes`);
		return value;
	}

	function checkMessageBody(body) {
		switch (body.msgtype) {
			case 'text':
				return { content: content(body.text?.content, 44004, 2048, 'text.content') };
			case 'markdown':
				return { content: content(body.markdown?.content, 44004, 2048, 'markdown.content') };
			case 'textcard': {
				const card = body.textcard ?? {};
				const title = content(card.title, 41016, 128, 'textcard.title');
				const description = content(card.description, 41033, 512, 'textcard.description');
				if (!isString(card.url) || card.url === '') fail(41010, 'textcard.url is required');
				if (bytes(card.url) > 2048) fail(40039, 'textcard.url: at most 2048 bytes');
				if (!/^https?:\/\//i.test(card.url)) fail(45034, 'textcard.url needs http:// or https://');
				if (card.btntxt !== undefined && (!isString(card.btntxt) || [...card.btntxt].length > 4)) {
					fail(40058, 'textcard.btntxt: at most 4 characters');
				}
				return { title, description, url: card.url, btntxt: card.btntxt };
			}
			default:
				fail(40008, `msgtype ${JSON.stringify(body.msgtype)} (the emulator implements text, markdown and textcard)`);
		}
	}

	return {
		[`POST ${P}/batch/invite`]: {
			handler(ctx) {
				const body = requireBodyObject(ctx.body);
				const users = body.user ?? [];
				if (!Array.isArray(users) || users.some((u) => !isString(u))) fail(40058, 'user must be an array of userids');
				if (users.length > 1000) fail(40058, 'user: at most 1000');
				const parties = intList(body.party, 'party', 100);
				const tags = intList(body.tag, 'tag', 100);
				if (!users.length && !parties.length && !tags.length) fail(82001, 'user, party and tag are all empty');
				const invaliduser = users.filter((u) => !userOk(ctx, u));
				const invalidparty = parties.filter((p) => !partyOk(ctx, p));
				const invalidtag = tags.filter((t) => !tagOk(ctx, t));
				ctx.emu.invitations.push({
					user: users.filter((u) => !invaliduser.includes(u)),
					party: parties.filter((p) => !invalidparty.includes(p)),
					tag: tags.filter((t) => !invalidtag.includes(t)),
				});
				const out = {};
				if (invaliduser.length) out.invaliduser = invaliduser;
				if (invalidparty.length) out.invalidparty = invalidparty;
				if (invalidtag.length) out.invalidtag = invalidtag;
				return out;
			},
		},
		[`POST ${P}/message/send`]: {
			handler(ctx) {
				if (ctx.kind !== 'app') fail(48002, 'the contacts-sync secret cannot send messages');
				const body = requireBodyObject(ctx.body);
				if (body.agentid === undefined || body.agentid === null || body.agentid === '') fail(41011);
				if (!Number.isInteger(body.agentid)) fail(40056, 'agentid must be an integer');
				if (body.agentid !== ctx.opts.agentId) fail(301002, `agentid ${body.agentid} is not this app`);
				const touser = splitBar(body.touser, 'touser');
				const toparty = splitBar(body.toparty, 'toparty');
				const totag = splitBar(body.totag, 'totag');
				if (!touser.length && !toparty.length && !totag.length) fail(82001, 'touser, toparty and totag are all empty');
				if (touser.length > 1000) fail(40032, 'touser: at most 1000');
				if (toparty.length > 100) fail(82002, 'toparty: at most 100');
				if (totag.length > 100) fail(82003, 'totag: at most 100');
				const message = checkMessageBody(body);

				const all = touser.includes('@all');
				const invaliduser = all ? [] : touser.filter((u) => !userOk(ctx, u));
				const invalidparty = toparty.filter((p) => !/^[0-9]+$/.test(p) || !partyOk(ctx, Number(p)));
				const invalidtag = totag.filter((t) => !/^[0-9]+$/.test(t) || !tagOk(ctx, Number(t)));
				const valid = (list, bad) => list.filter((x) => !bad.includes(x));
				if (!all && !valid(touser, invaliduser).length && !valid(toparty, invalidparty).length && !valid(totag, invalidtag).length) {
					fail(81013, 'every userid, department and tag is invalid or outside the app\'s scope');
				}
				const msgid = `msg-${ctx.emu.messages.length + 1}-${Date.now().toString(36)}`;
				ctx.emu.messages.push({
					msgid,
					agentid: body.agentid,
					msgtype: body.msgtype,
					touser: all ? ['@all'] : valid(touser, invaliduser),
					toparty: valid(toparty, invalidparty).map(Number),
					totag: valid(totag, invalidtag).map(Number),
					...message,
				});
				return {
					invaliduser: invaliduser.join('|'),
					invalidparty: invalidparty.join('|'),
					invalidtag: invalidtag.join('|'),
					unlicenseduser: '',
					msgid,
				};
			},
		},
	};
}
