// The bench chart, a dependency-free SVG: against directory size, one panel each for the
// whole-directory fetch (ours, floor, n8n helper, Casdoor strategy), the Casdoor sync and the
// Directory Changes poll. A panel with no rows in the report (an older report, a run with
// --only or --skip-…) is left out, so every report renders.
import { PANEL, panelSvg } from './chartPanel.mjs';

const isChanges = (r) => String(r.case).startsWith('directory-changes');
const points = (rows, field) => rows.filter((r) => typeof r[field] === 'number').map((r) => [r.users, r[field]]);
const byUsers = (rows) => [...rows].sort((a, b) => a.users - b.users);

function fetchSeries(results) {
	// The changes rows are WeCom's too, but time a poll, not a fetch.
	const rows = results.filter((r) => (r.provider === 'wecom' || r.provider === 'dingtalk') && !isChanges(r));
	const colors = { ms: '#2563eb', floorMs: '#16a34a', n8nHelperMs: '#d97706', baselineMs: '#dc2626' };
	const names = { ms: 'ours', floorMs: 'floor', n8nHelperMs: 'n8n helper alone', baselineMs: 'Casdoor strategy' };
	return [...new Set(rows.map((r) => r.provider))].flatMap((p) =>
		Object.keys(names).map((field) => ({
			name: `${p} ${names[field]}`,
			color: colors[field],
			dash: p === 'wecom' ? '' : '6 3',
			points: points(byUsers(rows.filter((r) => r.provider === p)), field),
		})),
	);
}

function syncSeries(results) {
	const rows = byUsers(results.filter((r) => r.provider === 'casdoor-sync'));
	return [{ name: 'fetch → map → sync', color: '#7c3aed', dash: '', points: points(rows, 'ms') }];
}

function changesSeries(results) {
	const rows = byUsers(results.filter(isChanges));
	return [
		// The two lines nearly meet when the poll costs what the read does; the ratio says how near.
		{
			name: 'unchanged poll',
			color: '#0891b2',
			dash: '',
			points: rows.filter((r) => typeof r.unchangedPollMs === 'number').map((r) => [r.users, r.unchangedPollMs, typeof r.pollToReadRatio === 'number' ? `${r.pollToReadRatio} × read` : '']),
		},
		{ name: 'plain read (Get All)', color: '#6b7280', dash: '6 3', points: points(rows, 'plainReadMs') },
	];
}

export function renderChart(report) {
	const { W, H, pad } = PANEL;
	const { settings, results } = report;
	const wecomScale = settings.wecomScale ?? settings.scale;
	const panels = [
		{ id: 'fetch', title: `Whole-directory fetch (time scale: WeCom ${wecomScale}, DingTalk ${settings.scale})`, series: fetchSeries(results) },
		{ id: 'sync', title: `Casdoor Sync Users, Apply, 1% changed (WeCom, time scale ${settings.scale})`, series: syncSeries(results) },
		{ id: 'changes', title: `Directory Changes (WeCom): a poll that finds no change (time scale ${wecomScale})`, series: changesSeries(results) },
	]
		.map((p) => ({ ...p, series: p.series.filter((s) => s.points.length > 0) }))
		.filter((p) => p.series.length > 0);
	// One x scale for all panels, so a size sits at the same x in each.
	const maxX = Math.max(...panels.flatMap((p) => p.series.flatMap((s) => s.points.map((q) => q[0]))), 1000);
	const x = (v) => pad.l + ((Math.log10(v) - Math.log10(500)) / (Math.log10(maxX * 1.5) - Math.log10(500))) * (W - pad.l - pad.r);
	const top = 36;
	const height = top + panels.length * H + 30;
	const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" font-family="sans-serif" font-size="12">`, `<rect width="${W}" height="${height}" fill="#fff"/>`];
	out.push(`<text x="${pad.l}" y="22" font-size="15" font-weight="bold">Time against directory size (users; both axes log scales)</text>`);
	panels.forEach((p, i) => out.push(...panelSvg({ ...p, top: top + i * H, x })));
	out.push(`<text x="${pad.l}" y="${height - 12}" fill="#666">${report.machine.cpus} cores, ${report.machine.memoryGb} GiB, Node ${report.machine.node}; ${report.date.slice(0, 10)}</text>`);
	out.push('</svg>');
	return `${out.join('\n')}\n`;
}
