// A dependency-free SVG line chart: sync time vs org size, ours / floor / baseline, per provider.
export function renderChart(report) {
	const W = 720;
	const H = 360;
	const pad = { l: 70, r: 170, t: 40, b: 50 };
	// Fetch cases only: the sync and memory cases have no floor or baseline to draw.
	const rows = report.results.filter((r) => r.provider === 'wecom' || r.provider === 'dingtalk');
	const providers = [...new Set(rows.map((r) => r.provider))];
	const series = [];
	const colors = { ours: '#2563eb', floor: '#16a34a', helper: '#d97706', baseline: '#dc2626' };
	for (const p of providers) {
		const rs = rows.filter((r) => r.provider === p).sort((a, b) => a.users - b.users);
		series.push({ name: `${p} ours`, color: colors.ours, dash: p === 'wecom' ? '' : '6 3', points: rs.map((r) => [r.users, r.ms]) });
		series.push({ name: `${p} floor`, color: colors.floor, dash: p === 'wecom' ? '' : '6 3', points: rs.map((r) => [r.users, r.floorMs]) });
		const h = rs.filter((r) => r.n8nHelperMs !== undefined);
		if (h.length) series.push({ name: `${p} n8n helper alone`, color: colors.helper, dash: p === 'wecom' ? '' : '6 3', points: h.map((r) => [r.users, r.n8nHelperMs]) });
		const b = rs.filter((r) => r.baselineMs !== undefined);
		if (b.length) series.push({ name: `${p} Casdoor strategy`, color: colors.baseline, dash: p === 'wecom' ? '' : '6 3', points: b.map((r) => [r.users, r.baselineMs]) });
	}
	const all = series.flatMap((s) => s.points);
	const maxX = Math.max(...all.map((p) => p[0]), 1);
	const maxY = Math.max(...all.map((p) => p[1]), 1);
	const logY = (v) => Math.log10(Math.max(v, 1));
	const x = (v) => pad.l + (Math.log10(v) - Math.log10(500)) / (Math.log10(maxX * 1.5) - Math.log10(500)) * (W - pad.l - pad.r);
	const y = (v) => H - pad.b - (logY(v) / logY(maxY * 2)) * (H - pad.t - pad.b);
	const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`, `<rect width="${W}" height="${H}" fill="#fff"/>`];
	out.push(`<text x="${pad.l}" y="22" font-size="14" font-weight="bold">Whole-directory fetch time vs org size (log scales; time scale: WeCom ${report.settings.wecomScale ?? report.settings.scale}, DingTalk ${report.settings.scale})</text>`);
	for (let e = 0; 10 ** e <= maxY * 2; e++) {
		const v = 10 ** e;
		out.push(`<line x1="${pad.l}" x2="${W - pad.r}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/><text x="${pad.l - 8}" y="${y(v) + 4}" text-anchor="end">${v >= 1000 ? `${v / 1000} s` : `${v} ms`}</text>`);
	}
	for (const n of [...new Set(rows.map((r) => r.users))]) out.push(`<text x="${x(n)}" y="${H - pad.b + 18}" text-anchor="middle">${n >= 1000 ? `${n / 1000}k` : n} users</text>`);
	series.forEach((s, i) => {
		out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}" points="${s.points.map(([a, b]) => `${x(a)},${y(b)}`).join(' ')}"/>`);
		for (const [a, b] of s.points) out.push(`<circle cx="${x(a)}" cy="${y(b)}" r="3" fill="${s.color}"/>`);
		out.push(`<line x1="${W - pad.r + 10}" x2="${W - pad.r + 30}" y1="${pad.t + 10 + i * 18}" y2="${pad.t + 10 + i * 18}" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}"/><text x="${W - pad.r + 35}" y="${pad.t + 14 + i * 18}">${s.name}</text>`);
	});
	out.push(`<text x="${pad.l}" y="${H - 12}" fill="#666">${report.machine.cpus} cores, ${report.machine.memoryGb} GiB, Node ${report.machine.node}; ${report.date.slice(0, 10)}</text>`);
	out.push('</svg>');
	return `${out.join('\n')}\n`;
}
