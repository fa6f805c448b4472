/**
 * The removal guard of Sync Users and Sync Roles: a plan that would remove more than
 * `maxRemovalPercent` of what the source owns, or an empty input while the source owns
 * something, is refused before any write (usually the directory read failed or was
 * filtered). `allowLargeRemovals` lets a deliberate reorganisation through.
 */
export interface RemovalGuard {
	removals: number;
	owned: number;
	percent: number;
	reason: string;
}

export interface GuardInput {
	removals: number;
	owned: number;
	/** The input held nothing at all. */
	sourceEmpty: boolean;
	maxRemovalPercent: number;
	/** Also refuse more than this many removals; 0 or absent: no count limit. */
	maxRemovalCount?: number;
	allowLargeRemovals: boolean;
	/** Why an empty input is refused. */
	emptyReason: string;
	/** What the plan would remove, given the percentage ("it would forbid 7 of the 60 users … (11.7%)"); the guard adds which limit it passes. */
	overReason: (percent: number) => string;
}

export function removalGuard(input: GuardInput): RemovalGuard | undefined {
	if (input.allowLargeRemovals || input.owned <= 0) return undefined;
	const percent = Math.round((input.removals / input.owned) * 1000) / 10;
	const base = { removals: input.removals, owned: input.owned, percent };
	if (input.sourceEmpty) return { ...base, reason: input.emptyReason };
	if (percent > input.maxRemovalPercent) return { ...base, reason: `${input.overReason(percent)}, above the ${input.maxRemovalPercent}% limit` };
	const count = input.maxRemovalCount ?? 0;
	if (count > 0 && input.removals > count) {
		return { ...base, reason: `${input.overReason(percent)}, more than the ${count} that Max Removals (Count) allows` };
	}
	return undefined;
}
