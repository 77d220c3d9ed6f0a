/**
 * Arranging a practice that can export claims: a billing profile (through the API), the signed-in
 * practitioner's team record with a rendering NPI and taxonomy, a payer with an EDI ID, a client with the
 * demographics a claim needs and a Primary policy.
 *
 * The team record is written straight into the table: the routes that manage the team (`/api/practice/team`)
 * belong to the access work; once they are on main this helper should PATCH the practitioner instead.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { as, practitioner, unique } from './api.ts';
import { BILLING, RENDERING } from './claim-bundles.ts';
import { table, tableName } from './table.ts';

/** The practice of the 837P and CMS-1500 unit fixtures, so that an exported file reads the same. */
export const BILLING_PROFILE = BILLING;

export const RENDERING_NPI = RENDERING.npi;

/** The `sub` of an ID token (the practitioner's userId), read without verifying: the server did that. */
export function userIdOf(token: string): string {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')).sub as string;
}

export async function setBillingProfile(profile: unknown = BILLING_PROFILE) {
  const api = as(await practitioner());
  const current = (await api.get('/api/practice/settings')).body;
  return api.put('/api/practice/settings', {
    collectInsurance: current.collectInsurance,
    cardImages: current.cardImages,
    billing: profile,
    version: current.version,
  });
}

/**
 * Gives a practitioner's team record the rendering facts a test needs. The record is the team feature's (the
 * shared stack's admin is also the team tests' admin): an existing one keeps its names, role and version, only its
 * NPI, taxonomy and access change; a missing one is created.
 */
export async function putPractitionerRecord(userId: string, facts: { npi: string | null; taxonomyCode: string | null; enabled?: boolean }) {
  const key = { pk: `PRACTITIONER#${userId}`, sk: 'PRACTITIONER' };
  try {
    await table().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: `SET npi = :npi, taxonomyCode = :taxonomy${facts.enabled === undefined ? '' : ', enabled = :enabled'}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':npi': facts.npi,
          ':taxonomy': facts.taxonomyCode,
          ...(facts.enabled === undefined ? {} : { ':enabled': facts.enabled }),
        },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    await table().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...key,
          itemType: 'practitioner',
          userId,
          email: 'practitioner@demo.test',
          givenName: 'Dana',
          familyName: 'Okafor',
          role: 'admin',
          enabled: facts.enabled ?? true,
          npi: facts.npi,
          taxonomyCode: facts.taxonomyCode,
          createdAt: '2026-01-01T00:00:00.000Z',
          version: 1,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }
}

/** A client with address, sex and date of birth, insured by a new payer (with an EDI ID) on a Primary. */
export async function billableClient(options: { effectiveDate?: string; ediPayerId?: string | null } = {}) {
  const api = as(await practitioner());
  const ediPayerId = options.ediPayerId === undefined ? 'EXP01' : options.ediPayerId;
  const payer = (await api.post('/api/payers', { name: unique('Export Mutual'), ediPayerId })).body;
  const client = (
    await api.post('/api/clients', {
      firstName: 'Alex',
      lastName: unique('Rivera'),
      email: `${unique('export')}@example.test`.toLowerCase(),
      dateOfBirth: '1985-07-14',
      address: { line1: '12 Elm St', city: 'Portland', state: 'OR', postalCode: '97202' },
      sexForClaims: 'female',
      phone: '503-555-0199',
    })
  ).body;
  const policy = (
    await api.post(`/api/clients/${client.clientId}/policies`, {
      priority: 'primary',
      payerId: payer.payerId,
      insuranceType: 'group_health_plan',
      memberId: 'W123456789',
      groupNumber: 'G-100',
      relationship: 'self',
      effectiveDate: options.effectiveDate ?? '2026-01-01',
    })
  ).body;
  return { client, payer, policy };
}

export function readyClaimBody(policyId: string, renderingPractitionerId: string, overrides: Record<string, unknown> = {}) {
  return {
    dateOfService: '2026-03-03',
    policyId,
    placeOfService: '10',
    renderingPractitionerId,
    serviceLines: [{ procedureCode: '90837', modifiers: ['95'], units: 1, chargeCents: 18000, diagnosisPointers: [1] }],
    diagnosisCodes: ['F41.1'],
    ...overrides,
  };
}
