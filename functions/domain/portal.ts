import { ApiError } from '../../shared/errors.ts';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/i18n/languages.ts';
import { effectiveInsuranceCollection, type InsuranceWriteGuard } from '../../shared/insurance-collection.ts';
import type { PortalUserGuard } from '../../shared/portal-user.ts';
import type { PortalMe, Settings } from '../../shared/schemas.ts';
import { requireClientRecord, saveIntakeSkipped, writeClientChange, type ClientRecord } from '../data/client-repository.ts';
import { getSettings } from '../data/settings-repository.ts';

export interface PortalContext {
  client: ClientRecord;
  settings: Settings;
  collectInsurance: boolean;
}

/** The caller's client and the practice settings, once the caller is known to be the client's current portal user. */
export async function portalContext(portalUser: PortalUserGuard): Promise<PortalContext> {
  const [client, settings] = await Promise.all([requireClientRecord(portalUser.clientId), getSettings()]);
  portalUser.assert(client);
  return { client, settings, collectInsurance: effectiveInsuranceCollection(client.insuranceCollection, settings.collectInsurance) };
}

export async function portalMe(portalUser: PortalUserGuard): Promise<PortalMe> {
  return toPortalMe(await portalContext(portalUser));
}

function toPortalMe(context: PortalContext): PortalMe {
  return {
    firstName: context.client.firstName,
    lastName: context.client.lastName,
    collectInsurance: context.collectInsurance,
    cardImages: context.settings.cardImages,
    intake: { insurance: context.client.intakeInsurance ?? 'pending' },
    language: context.client.language ?? DEFAULT_LANGUAGE,
    practice: { name: context.settings.practice.name, phone: context.settings.practice.phone, email: context.settings.practice.email },
  };
}

/**
 * The client chooses their language. A language switch must not fail because the practice edited the client
 * meanwhile (that bumps the version), so a version conflict is retried with a fresh read a few times.
 */
export async function setPortalLanguage(portalUser: PortalUserGuard, language: Language, now: Date): Promise<PortalMe> {
  const clientId = portalUser.clientId;
  for (let attempt = 1; ; attempt++) {
    const context = await portalContext(portalUser);
    const before = context.client;
    if ((before.language ?? DEFAULT_LANGUAGE) === language) return toPortalMe(context);
    const at = now.toISOString();
    try {
      const after = await writeClientChange(
        before,
        { ...before, language, version: before.version + 1, updatedAt: at },
        { kind: 'client', id: clientId },
        at,
        'client.language_changed',
      );
      return toPortalMe({ ...context, client: after });
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'version_conflict') || attempt >= 3) throw error;
    }
  }
}

/**
 * The client skips the insurance step of intake (only while its practice collects insurance from it).
 * Skipping after a policy was added changes nothing: the step is already done.
 */
export async function skipInsuranceIntake(portalUser: PortalUserGuard, insurance: InsuranceWriteGuard, now: Date): Promise<PortalMe> {
  const context = await portalContext(portalUser);
  const { client } = context;
  insurance.assert(client.insuranceCollection, context.settings.collectInsurance);
  if (client.intakeInsurance !== 'pending' && client.intakeInsurance !== undefined) return toPortalMe(context);
  // A policy added meanwhile completes the step either way: then answer with the current state.
  if (!(await saveIntakeSkipped(client, now.toISOString()))) return portalMe(portalUser);
  return toPortalMe({ ...context, client: { ...client, intakeInsurance: 'skipped' } });
}
