/**
 * What the practitioner's chart and the client's portal show of a client's policies. Reads only: kept apart
 * from the policy writes (domain/policies.ts), whose upload checks would bring the S3 client into these
 * routes' bundles.
 */
import type { PortalUserGuard } from '../../shared/portal-user.ts';
import type { Policy } from '../../shared/schemas.ts';
import { loadClientWithPolicies, requirePolicyRecord, toPolicy, toPortalPolicy } from '../data/policy-repository.ts';
import { listPayers } from './payers.ts';

/** A practitioner's chart of the client: its policies, oldest first. */
export async function chartPolicies(clientId: string): Promise<Policy[]> {
  return (await loadClientWithPolicies(clientId)).policies.map(toPolicy);
}

/** The chart as a FHIR R4 Bundle of Coverage (`?format=fhir`). */
export async function chartAsFhirBundle(clientId: string, now: Date) {
  const [{ coverageBundle }, { client, policies }, payers] = await Promise.all([
    import('../../shared/fhir-coverage.ts'),
    loadClientWithPolicies(clientId),
    // The EDI payer ID lives on the payer, not the policy; inactive payers count, old policies still name them.
    listPayers({ includeInactive: true }),
  ]);
  const ediPayerIds = new Map(payers.flatMap((payer) => (payer.ediPayerId ? [[payer.payerId, payer.ediPayerId] as const] : [])));
  return coverageBundle(client, policies.map(toPolicy), { ediPayerIds, timestamp: now.toISOString() });
}

export async function getPolicy(clientId: string, policyId: string): Promise<Policy> {
  return toPolicy(await requirePolicyRecord(clientId, policyId));
}

/** A client's own policies, as the portal shows them. */
export async function portalPolicies(portalUser: PortalUserGuard): Promise<Policy[]> {
  // The client item comes in the same Query as the policies, so the portal-user check costs no extra round trip.
  const { client, policies } = await loadClientWithPolicies(portalUser.clientId);
  portalUser.assert(client);
  return policies.map(toPortalPolicy);
}
