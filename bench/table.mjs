// The bench's one table: every case of a report as a row (case, ours, floor, n8n helper
// floor, ratio, Casdoor strategy, memory per user), printed at the end of a run.
const sec = (ms) => (typeof ms === 'number' ? `${(ms / 1000).toFixed(2)} s` : '—');
const num = (x, unit = '') => (typeof x === 'number' ? `${x}${unit}` : '—');

function row(r) {
	const name = `${r.provider} ${r.case}${r.transport ? ` (${r.transport})` : ''}`;
	if (r.provider === 'memory') return [name, sec(r.ms), '—', '—', '—', '—', num(r.growthPerUserKb, ' KB')];
	if (r.case?.startsWith('directory-changes')) return [name, sec(r.unchangedPollMs), `read ${sec(r.plainReadMs)}`, '—', num(r.pollToReadRatio, ' × read'), '—', num(r.snapshotBytesPerMember, ' B snapshot')];
	const casdoor = typeof r.baselineMs === 'number' ? `${sec(r.baselineMs)} (${(r.baselineMs / r.ms).toFixed(1)} × slower)` : '—';
	const keeping = typeof r.vsN8nHelperKeeping === 'number' ? ` (${r.vsN8nHelperKeeping} × the helper keeping its items)` : '';
	const ratio = typeof r.vsN8nHelper === 'number' ? `${r.vsFloor} × floor, ${r.vsN8nHelper} × helper${keeping}` : num(r.vsFloor, ' × floor');
	return [name, sec(r.ms), sec(r.floorMs), sec(r.n8nHelperMs), ratio, casdoor, num(r.rssPerUserKb, ' KB')];
}

export function resultsTable(results) {
	const head = ['Case', 'Ours', 'Floor', 'n8n helper floor', 'Ratio', 'Casdoor strategy', 'Memory per user'];
	const rows = results.filter((r) => r && r.provider).map(row);
	return [head, head.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
