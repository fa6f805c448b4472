// One panel of the bench chart: time against directory size, both on log scales, with its
// own title and legend. The x scale is passed in so that every panel puts a size at the same x.
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const msLabel = (v) => (v >= 1000 ? `${v / 1000} s` : `${v} ms`);
const usersLabel = (n) => (n >= 1000 ? `${n / 1000}k` : n);

export const PANEL = { W: 760, H: 270, pad: { l: 70, r: 210, t: 36, b: 40 } };

/** Grid values: decades, and 2 and 5 between them when the panel spans few decades (else one line a panel). */
function ticks(minE, top) {
	const steps = Math.log10(top) - minE < 2.5 ? [1, 2, 5] : [1];
	const out = [];
	for (let e = minE; 10 ** e <= top; e++) for (const m of steps) if (m * 10 ** e <= top) out.push(m * 10 ** e);
	return out;
}

/**
 * SVG lines for a panel whose top edge is at `top`; `x` maps users to a horizontal position.
 * A point is [users, ms] or [users, ms, note], the note written above it.
 */
export function panelSvg({ id, title, series, top, x }) {
	const { W, H, pad } = PANEL;
	const values = series.flatMap((s) => s.points.map((p) => p[1]));
	// From the decade below the fastest point, so a panel of seconds is not mostly empty space.
	const minE = Math.floor(Math.log10(Math.max(Math.min(...values), 1)));
	const maxY = Math.max(...values, 10 ** (minE + 1));
	const span = Math.log10(maxY * 2) - minE;
	const y = (v) => top + H - pad.b - ((Math.log10(Math.max(v, 1)) - minE) / span) * (H - pad.t - pad.b);
	const out = [`<g id="panel-${id}">`, `<text x="${pad.l}" y="${top + 20}" font-size="13" font-weight="bold">${esc(title)}</text>`];
	for (const v of ticks(minE, maxY * 2)) {
		out.push(`<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/><text x="${pad.l - 8}" y="${y(v) + 4}" text-anchor="end">${msLabel(v)}</text>`);
	}
	const sizes = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))];
	for (const n of sizes) out.push(`<text x="${x(n)}" y="${top + H - pad.b + 18}" text-anchor="middle">${usersLabel(n)} users</text>`);
	series.forEach((s, i) => {
		const ly = top + pad.t + 10 + i * 18;
		out.push(
			`<polyline data-panel="${id}" data-series="${esc(s.name)}" fill="none" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}" points="${s.points.map(([a, b]) => `${x(a)},${y(b)}`).join(' ')}"/>`,
		);
		for (const [a, b, note] of s.points) {
			out.push(`<circle cx="${x(a)}" cy="${y(b)}" r="3" fill="${s.color}"/>`);
			if (note) out.push(`<text x="${x(a)}" y="${y(b) - 9}" text-anchor="middle" font-size="11" fill="${s.color}">${esc(note)}</text>`);
		}
		out.push(
			`<line x1="${W - pad.r + 10}" x2="${W - pad.r + 30}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}"/><text x="${W - pad.r + 35}" y="${ly + 4}">${esc(s.name)}</text>`,
		);
	});
	out.push('</g>');
	return out;
}
