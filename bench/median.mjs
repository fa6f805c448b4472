// The bench reports medians of repeated runs: of numbers, or the whole row whose `key` is the median.
export const medianBy = (rows, key) => [...rows].sort((a, b) => key(a) - key(b))[Math.floor(rows.length / 2)];
export const median = (xs) => medianBy(xs, (x) => x);
