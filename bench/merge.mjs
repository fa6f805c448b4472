// `--only <case>` reruns part of the bench: its rows replace the same rows of the last full
// run's results.json instead of the whole file, so the table and chart keep every case.

const keyOf = (row) => `${row.provider}|${row.case}`;

/** The previous report with `fresh` rows in place of the rows of the same provider and case (new ones appended). */
export function mergeResults(previous, fresh) {
	if (!previous || !Array.isArray(previous.results)) return fresh;
	const replaced = new Map(fresh.results.map((row) => [keyOf(row), row]));
	const results = previous.results.map((row) => replaced.get(keyOf(row)) ?? row);
	const kept = new Set(previous.results.map(keyOf));
	for (const row of fresh.results) if (!kept.has(keyOf(row))) results.push(row);
	// Reruns accumulate: each row keeps the date of its own last rerun, not the newest one's.
	const rerunDates = { ...previous.rerunDates, ...Object.fromEntries(fresh.results.map((row) => [keyOf(row), fresh.date])) };
	return { ...fresh, date: previous.date, rerunDate: fresh.date, rerun: Object.keys(rerunDates), rerunDates, results };
}
