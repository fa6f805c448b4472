import type { CasdoorUser } from '../../../casdoor/types';
import { planUserSync } from '../../engine/syncPlan';
import type { PlanPolicy, SyncPlan } from '../../engine/syncTypes';
import type { IamUser } from '../../mapping/iamUser';
import { casdoorSyncRules } from './casdoorRules';

/** Casdoor's policy: the generic one plus the organization written to. */
export interface SyncPolicy extends PlanPolicy {
	organization: string;
}

/** Casdoor: users matched by name within one organization, owned through properties.source. */
export function planSync(source: readonly IamUser[], target: readonly CasdoorUser[], policy: SyncPolicy): SyncPlan {
	const inOrganization = target.filter((u) => u.owner === undefined || u.owner === policy.organization);
	return planUserSync(source, inOrganization, policy, casdoorSyncRules(policy.organization));
}
