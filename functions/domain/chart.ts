/**
 * What the practitioner's chart and the client's portal show of a client's policies. Reads only: kept apart
 * from the policy writes (domain/policies.ts), whose upload checks would bring the S3 client into these
 * routes' bundles. Every answer carries the coverage state at the practice's today and the overlap flag, which
 * depends on the client's other Primaries: so even one policy is read with its siblings (one Query).
 */
import { notFound } from '../../shared/errors.ts';
import type { PortalUserGuard } from '../../shared/portal-user.ts';
import type { Policy } from '../../shared/schemas.ts';
import { loadClientWithPolicies, toPolicies, toPortalPolicy } from '../data/policy-repository.ts';
import { listPayers } from './payers.ts';
import { practiceTodayAt } from './practice-clock.ts';

/** A practitioner's chart of the client: its policies, oldest first. */
export async function chartPolicies(clientId: string, now: Date): Promise<Policy[]> {
  const [{ policies }, today] = await Promise.all([loadClientWithPolicies(clientId), practiceTodayAt(now)]);
  return toPolicies(policies, today);
}

/** The chart as a FHIR R4 Bundle of Coverage (`?format=fhir`). */
export async function chartAsFhirBundle(clientId: string, now: Date) {
  const [{ coverageBundle }, { client, policies }, payers, today] = await Promise.all([
    import('../../shared/fhir-coverage.ts'),
    loadClientWithPolicies(clientId),
    // The EDI payer ID lives on the payer, not the policy; inactive payers count, old policies still name them.
    listPayers({ includeInactive: true }),
    practiceTodayAt(now),
  ]);
  const ediPayerIds = new Map(payers.flatMap((payer) => (payer.ediPayerId ? [[payer.payerId, payer.ediPayerId] as const] : [])));
  return coverageBundle(client, toPolicies(policies, today), { ediPayerIds, timestamp: now.toISOString() });
}

export async function getPolicy(clientId: string, policyId: string, now: Date): Promise<Policy> {
  const [{ policies }, today] = await Promise.all([loadClientWithPolicies(clientId), practiceTodayAt(now)]);
  const policy = toPolicies(policies, today).find((entry) => entry.policyId === policyId);
  if (!policy) throw notFound('Policy');
  return policy;
}

/** A client's own policies, as the portal shows them. */
export async function portalPolicies(portalUser: PortalUserGuard, now: Date): Promise<Policy[]> {
  // The client item comes in the same Query as the policies, so the portal-user check costs no extra round trip.
  const [{ client, policies }, today] = await Promise.all([loadClientWithPolicies(portalUser.clientId), practiceTodayAt(now)]);
  portalUser.assert(client);
  return toPolicies(policies, today).map(toPortalPolicy);
}
