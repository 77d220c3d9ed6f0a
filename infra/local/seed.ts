/**
 * The demo practice a newcomer lands in: settings, about twenty real payer names, the practitioner account,
 * and a few clients — one of whom typed a payer name the practice does not have, so the Review page has
 * something to show. Seeded once per data folder (the practitioner's password is re-applied every start so
 * LOCAL_PRACTITIONER_PASSWORD takes effect).
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { PRACTICE_ADMINS_GROUP, PRACTITIONERS_GROUP } from '../../shared/constants.ts';
import { PortalUserGuard } from '../../shared/portal-user.ts';
import type { LocalResources } from './bootstrap.ts';
import { LOCAL_CREDENTIALS } from './bootstrap.ts';
import type { LocalServiceEndpoints } from './services.ts';
import { DEMO_BILLING, DEMO_CLIENTS, DEMO_PAYERS, DEMO_PRACTICE_PROFILE, DEMO_PRACTITIONER, DEMO_RENDERING } from './demo-practice.ts';

export async function seedDemoPractice(options: {
  dataDir: string;
  resources: LocalResources;
  endpoints: LocalServiceEndpoints;
  practitionerPassword: string;
  log: (entry: Record<string, unknown>) => void;
}): Promise<void> {
  const renderingUserId = await ensurePractitioner(options);
  const marker = join(options.dataDir, 'demo-seeded.json');
  if (existsSync(marker)) return;

  // The same domain functions the API uses, so seeded data obeys every rule (and is audited as the seed).
  const { updateSettings } = await import('../../functions/data/settings-repository.ts');
  const { createPayer } = await import('../../functions/domain/payers.ts');
  const { createClient } = await import('../../functions/domain/clients.ts');
  const { createPortalPolicy, createPracticePolicy } = await import('../../functions/domain/policies.ts');
  const { InsuranceWriteGuard } = await import('../../shared/insurance-collection.ts');
  const seedActor = { kind: 'system', id: 'demo-seed' } as const;
  const now = () => new Date().toISOString();

  await updateSettings(
    { collectInsurance: true, cardImages: 'optional', practice: DEMO_PRACTICE_PROFILE, billing: DEMO_BILLING, version: 0 },
    seedActor,
    now(),
  ).catch(ignoreConflict);
  const payerIds = new Map<string, string>();
  for (const payer of DEMO_PAYERS) {
    const created = await createPayer(payer, seedActor, new Date()).catch(ignoreConflict);
    if (created) payerIds.set(created.name, created.payerId);
  }
  const clients = [];
  for (const client of DEMO_CLIENTS) clients.push(await createClient(client, seedActor, new Date()).catch(ignoreConflict));

  const [avery, jordan] = clients;
  if (avery && payerIds.has('Aetna')) {
    await createPracticePolicy(
      avery.clientId,
      {
        priority: 'primary',
        status: 'active',
        payerId: payerIds.get('Aetna')!,
        insuranceType: 'group_health_plan',
        memberId: 'W123456789',
        groupNumber: '0876543',
        relationship: 'self',
        effectiveDate: '2026-01-01',
      },
      seedActor,
      new Date(),
    );
    // A claim ready to export, so a fresh start can show the Claims page and produce an 837P at once.
    const policy = (await (await import('../../functions/data/policy-repository.ts')).listPolicyRecords(avery.clientId))[0];
    if (policy) {
      const { createClaim } = await import('../../functions/domain/claims.ts');
      await createClaim(
        avery.clientId,
        {
          dateOfService: '2026-03-03',
          policyId: policy.policyId,
          placeOfService: '10',
          renderingPractitionerId: renderingUserId,
          serviceLines: [{ procedureCode: '90837', modifiers: ['95'], units: 1, chargeCents: 18000, diagnosisPointers: [1] }],
          diagnosisCodes: ['F41.1'],
        },
        seedActor,
        new Date(),
      );
    }
  }
  if (jordan) {
    const typed = {
      priority: 'primary' as const,
      payerName: 'BCBS Texas PPO',
      memberId: 'XOJ884412907',
      relationship: 'self' as const,
      effectiveDate: '2026-03-01',
    };
    // As if Jordan had submitted it in the portal.
    await createPortalPolicy(new SeedPortalUser(jordan.clientId, 'seed'), new InsuranceWriteGuard(jordan.clientId), typed, new Date());
  }
  await writeFile(marker, JSON.stringify({ seededAt: now() }));
  options.log({ level: 'INFO', message: 'demo practice seeded', payers: payerIds.size, clients: clients.filter(Boolean).length });
}

/** The seed writes as the client without a portal login: its "portal user" is the seed itself. */
class SeedPortalUser extends PortalUserGuard {
  override assert(): void {
    this.applied = true;
  }
}

function ignoreConflict(error: unknown): undefined {
  if ((error as { code?: string }).code === 'conflict' || (error as { code?: string }).code === 'version_conflict') return undefined;
  throw error;
}

async function ensurePractitioner(options: {
  resources: LocalResources;
  endpoints: LocalServiceEndpoints;
  practitionerPassword: string;
}): Promise<string> {
  const cognito = new CognitoIdentityProviderClient({
    region: options.resources.region,
    endpoint: options.endpoints.cognito,
    credentials: LOCAL_CREDENTIALS,
  });
  const UserPoolId = options.resources.userPoolId;
  const Username = 'practitioner@demo.test';
  try {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: Username },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'given_name', Value: DEMO_PRACTITIONER.givenName },
          { Name: 'family_name', Value: DEMO_PRACTITIONER.familyName },
        ],
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'UsernameExistsException') throw error;
  }
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password: options.practitionerPassword, Permanent: true }));
  await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: PRACTITIONERS_GROUP }));
  // The demo practitioner is the practice's admin, as the first practitioner of a deployed one is.
  await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: PRACTICE_ADMINS_GROUP }));
  const user = await cognito.send(new AdminGetUserCommand({ UserPoolId, Username }));
  const userId = user.UserAttributes?.find((attribute) => attribute.Name === 'sub')?.Value ?? user.Username!;
  cognito.destroy();

  const { getPractitionerRecord, putNewPractitioner } = await import('../../functions/data/practitioner-repository.ts');
  if (!(await getPractitionerRecord(userId))) {
    const now = new Date().toISOString();
    await putNewPractitioner(
      {
        userId,
        email: Username,
        ...DEMO_PRACTITIONER,
        role: 'admin',
        enabled: true,
        // A rendering NPI and taxonomy, so the seeded claim is ready to export.
        npi: DEMO_RENDERING.npi,
        taxonomyCode: DEMO_RENDERING.taxonomyCode,
        createdAt: now,
        updatedAt: now,
        version: 1,
      },
      { kind: 'system', id: 'demo-seed' },
      now,
    ).catch(ignoreConflict);
  }
  return userId;
}
