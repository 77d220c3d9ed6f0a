import { ApiError } from '../../shared/errors.ts';
import { effectiveInsuranceCollection } from '../../shared/insurance-collection.ts';
import type { PortalMe, Settings } from '../../shared/schemas.ts';
import { auditPut } from '../data/audit.ts';
import { requireClientRecord, type ClientRecord } from '../data/client-repository.ts';
import { clientPk, keys } from '../data/keys.ts';
import { getSettings } from '../data/settings-repository.ts';
import { setAttributes, TransactionConflict, transactWrite } from '../data/table-io.ts';

export interface PortalContext {
  client: ClientRecord;
  settings: Settings;
  collectInsurance: boolean;
}

export async function portalContext(clientId: string): Promise<PortalContext> {
  const [client, settings] = await Promise.all([requireClientRecord(clientId), getSettings()]);
  return { client, settings, collectInsurance: effectiveInsuranceCollection(client.insuranceCollection, settings.collectInsurance) };
}

/** With insurance collection off for this client, no portal insurance write is accepted. */
export function assertCollectingInsurance(
  client: Pick<ClientRecord, 'insuranceCollection'>,
  settings: Pick<Settings, 'collectInsurance'>,
): void {
  if (!effectiveInsuranceCollection(client.insuranceCollection, settings.collectInsurance)) {
    throw new ApiError('insurance_collection_disabled', 'Your practice does not collect insurance through the portal');
  }
}

/** Every portal insurance write goes through this (or, for policies, through createPolicy's own read). */
export async function requireInsuranceCollection(clientId: string): Promise<PortalContext> {
  const context = await portalContext(clientId);
  assertCollectingInsurance(context.client, context.settings);
  return context;
}

export function toPortalMe(context: PortalContext): PortalMe {
  return {
    firstName: context.client.firstName,
    lastName: context.client.lastName,
    collectInsurance: context.collectInsurance,
    cardImages: context.settings.cardImages,
    intake: { insurance: context.client.intakeInsurance ?? 'pending' },
  };
}

/**
 * The client skips the insurance step of intake. Skipping after a policy was added changes nothing: the
 * step is already done.
 */
export async function skipInsuranceIntake(context: PortalContext, now: Date): Promise<PortalContext> {
  const { client } = context;
  if (client.intakeInsurance !== 'pending' && client.intakeInsurance !== undefined) return context;
  const at = now.toISOString();
  const update = setAttributes({ intakeInsurance: 'skipped', updatedAt: at });
  try {
    await transactWrite([
      {
        Update: {
          Key: keys.client(client.clientId),
          ...update,
          ConditionExpression: 'attribute_not_exists(intakeInsurance) OR intakeInsurance = :pending',
          ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':pending': 'pending' },
        },
      },
      auditPut({
        scopePk: clientPk(client.clientId),
        actor: { kind: 'client', id: client.clientId },
        action: 'client.intake_insurance_skipped',
        entity: { type: 'client', id: client.clientId },
        before: { intakeInsurance: 'pending' },
        after: { intakeInsurance: 'skipped' },
        at,
      }),
    ]);
  } catch (error) {
    // A policy was added meanwhile: the step is done either way, so answer with the current state.
    if (!(error instanceof TransactionConflict)) throw error;
    return portalContext(client.clientId);
  }
  return { ...context, client: { ...client, intakeInsurance: 'skipped' } };
}
