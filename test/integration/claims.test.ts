import { beforeAll, describe, expect, it } from 'vitest';
import { as, onboardPortalClient, practitioner, type PortalClient } from '../support/api.ts';
import { resolvedPolicy } from '../support/stream.ts';

const practice = async () => as(await practitioner());
const serviceLines = [{ procedureCode: '90837', units: 1, chargeCents: 18000 }];

describe('coverage for a date of service', () => {
  let client: PortalClient;
  let january: any;
  let july: any;
  let secondary: any;
  let inactive: any;

  beforeAll(async () => {
    client = await onboardPortalClient();
    const portal = as(client.token);
    january = (await portal.post('/api/portal/policies', { priority: 'primary', payerName: 'Aetna', effectiveDate: '2026-01-01' })).body;
    july = (await portal.post('/api/portal/policies', { priority: 'primary', payerName: 'Cignna', effectiveDate: '2026-07-01' })).body;
    secondary = (
      await portal.post('/api/portal/policies', {
        priority: 'secondary',
        payerName: 'Humana',
        effectiveDate: '2026-03-01',
        endDate: '2026-09-30',
      })
    ).body;
    const api = await practice();
    const created = (
      await api.post(`/api/clients/${client.clientId}/policies`, {
        priority: 'other',
        effectiveDate: '2025-01-01',
        status: 'inactive',
        payerName: 'Old Plan',
      })
    ).body;
    inactive = created;
    await resolvedPolicy(client.clientId, july.policyId);
  });

  const coverageOn = async (date: string) =>
    ((await (await practice()).get(`/api/clients/${client.clientId}/coverage?dateOfService=${date}`)).body.items as any[]).map(
      (policy) => policy.policyId,
    );

  it('the switch day belongs to the new Primary; the day before to the old one', async () => {
    expect(await coverageOn('2026-06-30')).toEqual([january.policyId, secondary.policyId]);
    expect(await coverageOn('2026-07-01')).toEqual([july.policyId, secondary.policyId]);
  });

  it('Primary comes first; a Secondary is offered from its Effective Date through its End Date', async () => {
    expect(await coverageOn('2026-02-28')).toEqual([january.policyId]);
    expect(await coverageOn('2026-03-01')).toEqual([january.policyId, secondary.policyId]);
    expect(await coverageOn('2026-09-30')).toEqual([july.policyId, secondary.policyId]);
    expect(await coverageOn('2026-10-01')).toEqual([july.policyId]);
  });

  it('excludes inactive policies and dates before any coverage', async () => {
    expect(await coverageOn('2025-06-01')).toEqual([]);
    expect((await coverageOn('2026-07-01')).includes(inactive.policyId)).toBe(false);
  });

  it('includes a Needs Payer policy, flagged', async () => {
    const items = (await (await practice()).get(`/api/clients/${client.clientId}/coverage?dateOfService=2026-08-01`)).body.items;
    expect(items[0].policyId).toBe(july.policyId);
    expect(items[0].needsPayer).toBe(true);
  });

  it('answers a bad or missing date with 400', async () => {
    const api = await practice();
    expect((await api.get(`/api/clients/${client.clientId}/coverage?dateOfService=2026-02-30`)).status).toBe(400);
    expect((await api.get(`/api/clients/${client.clientId}/coverage`)).status).toBe(400);
  });
});

describe('claims', () => {
  it('a claim on a Needs Payer policy is a draft with warnings and cannot be submitted until the policy is reviewed', async () => {
    const client = await onboardPortalClient();
    const portal = as(client.token);
    const api = await practice();
    const posted = (
      await portal.post('/api/portal/policies', { priority: 'primary', payerName: 'Aetnna Health', effectiveDate: '2026-01-01' })
    ).body;
    const policy = await resolvedPolicy(client.clientId, posted.policyId);
    expect(policy.needsPayer).toBe(true);

    const draft = await api.post(`/api/clients/${client.clientId}/claims`, {
      dateOfService: '2026-02-10',
      policyId: policy.policyId,
      serviceLines,
      diagnosisCodes: ['F41.1'],
    });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', dateOfService: '2026-02-10', policyId: policy.policyId, submittedAt: null });
    expect(draft.body.warnings.join(' ')).toMatch(/Needs Payer/);

    const refused = await api.post(`/api/clients/${client.clientId}/claims/${draft.body.claimId}/submit`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('claim_not_ready');
    const paths = refused.body.error.details.map((detail: any) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(['policy.payer.payerId', 'policy.insuranceType', 'policy.memberId']));

    const aetna = (await api.get('/api/payers')).body.items.find((payer: any) => payer.name === 'Aetna');
    const reviewed = await api.patch(`/api/clients/${client.clientId}/policies/${policy.policyId}`, {
      payerId: aetna.payerId,
      insuranceType: 'group_health_plan',
      memberId: 'W555',
      version: policy.version,
    });
    expect(reviewed.status).toBe(200);

    const submitted = await api.post(`/api/clients/${client.clientId}/claims/${draft.body.claimId}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', submittedAt: expect.any(String) });
    expect((await api.post(`/api/clients/${client.clientId}/claims/${draft.body.claimId}/submit`)).status).toBe(409);

    const listed = (await api.get(`/api/clients/${client.clientId}/claims`)).body.items;
    expect(listed.map((claim: any) => [claim.claimId, claim.status])).toEqual([[draft.body.claimId, 'submitted']]);
    const audit = (await api.get(`/api/clients/${client.clientId}/audit`)).body.items;
    expect(audit.some((event: any) => event.action === 'claim.submitted' && event.entity.id === draft.body.claimId)).toBe(true);
  });

  it('lists every subscriber problem when the client is not the subscriber', async () => {
    const client = await onboardPortalClient();
    const api = await practice();
    const aetna = (await api.get('/api/payers')).body.items.find((payer: any) => payer.name === 'Aetna');
    const policy = (
      await api.post(`/api/clients/${client.clientId}/policies`, {
        priority: 'primary',
        payerId: aetna.payerId,
        insuranceType: 'group_health_plan',
        memberId: 'M1',
        relationship: 'child',
        effectiveDate: '2026-01-01',
      })
    ).body;
    const draft = (
      await api.post(`/api/clients/${client.clientId}/claims`, {
        dateOfService: '2026-03-03',
        policyId: policy.policyId,
        serviceLines: [],
        diagnosisCodes: [],
      })
    ).body;
    const refused = await api.post(`/api/clients/${client.clientId}/claims/${draft.claimId}/submit`);
    expect(refused.status).toBe(422);
    const paths = refused.body.error.details.map((detail: any) => detail.path);
    for (const path of [
      'policy.subscriber.firstName',
      'policy.subscriber.lastName',
      'policy.subscriber.dateOfBirth',
      'policy.subscriber.sex',
      'policy.subscriber.address',
      'serviceLines',
      'diagnosisCodes',
    ]) {
      expect(paths).toContain(path);
    }
  });

  it('refuses a policy that does not cover the date of service, and malformed codes', async () => {
    const client = await onboardPortalClient();
    const api = await practice();
    const policy = (
      await api.post(`/api/clients/${client.clientId}/policies`, { priority: 'primary', payerName: 'Cigna', effectiveDate: '2026-05-01' })
    ).body;
    const early = await api.post(`/api/clients/${client.clientId}/claims`, {
      dateOfService: '2026-04-30',
      policyId: policy.policyId,
      serviceLines,
      diagnosisCodes: ['F41.1'],
    });
    expect(early.status).toBe(400);
    expect(early.body.error.details[0].path).toBe('policyId');
    const badCodes = await api.post(`/api/clients/${client.clientId}/claims`, {
      dateOfService: '2026-05-02',
      policyId: policy.policyId,
      serviceLines: [{ procedureCode: '9083', units: 1, chargeCents: 100 }],
      diagnosisCodes: ['41.1'],
    });
    expect(badCodes.status).toBe(400);
    expect(badCodes.body.error.details.map((detail: any) => detail.path).sort()).toEqual([
      'diagnosisCodes.0',
      'serviceLines.0.procedureCode',
    ]);
  });
});

describe('FHIR R4 export', () => {
  it('answers a Bundle of Coverage with status, order, payor and the client-entered marker', async () => {
    const client = await onboardPortalClient();
    const posted = (
      await as(client.token).post('/api/portal/policies', {
        priority: 'primary',
        payerName: 'Aetna',
        memberId: 'W999',
        groupNumber: 'G7',
        effectiveDate: '2026-01-01',
      })
    ).body;
    await resolvedPolicy(client.clientId, posted.policyId);
    const bundle = (await (await practice()).get(`/api/clients/${client.clientId}/policies?format=fhir`)).body;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const coverage = bundle.entry[0].resource;
    expect(coverage).toMatchObject({
      resourceType: 'Coverage',
      status: 'active',
      subscriberId: 'W999',
      order: 1,
      period: { start: '2026-01-01' },
    });
    expect(coverage.payor[0].display).toBe('Aetna');
    expect(coverage.payor[0].identifier?.value ?? coverage.payor[0].reference).toBeTruthy();
    expect(JSON.stringify(coverage.meta?.tag ?? [])).toMatch(/unreviewed/);
    expect(coverage.class.some((entry: any) => entry.value === 'G7')).toBe(true);
  });
});
