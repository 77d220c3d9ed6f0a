/**
 * Claims leave the building, over HTTP against the local stack: billing profile → claims → 837P export →
 * download again → statuses; all-or-nothing refusal with every claim's problems; exported claims immutable;
 * two exports of one claim at once; drafts edited and deleted; the CMS-1500; the claims list across clients.
 */
import { X12Parser, type X12Interchange } from 'node-x12';
import { beforeAll, describe, expect, it } from 'vitest';
import { as, practitioner, stack } from '../support/api.ts';
import { billableClient, putPractitionerRecord, readyClaimBody, RENDERING_NPI, setBillingProfile, userIdOf } from '../support/billing.ts';
import { pdfPagesText } from '../support/pdf-text.ts';
import { segmentsOf, verifyWithThirdPartyParser } from '../support/x12.ts';

let api: ReturnType<typeof as>;
let token: string;
let userId: string;

beforeAll(async () => {
  token = await practitioner();
  api = as(token);
  userId = userIdOf(token);
  await putPractitionerRecord(userId, { npi: RENDERING_NPI, taxonomyCode: '101YM0800X' });
  const saved = await setBillingProfile();
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
});

async function readyClaim(overrides: Record<string, unknown> = {}) {
  const { client, policy } = await billableClient();
  const created = await api.post(`/api/clients/${client.clientId}/claims`, readyClaimBody(policy.policyId, userId, overrides));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { client, policy, claim: created.body };
}

async function claimOf(clientId: string, claimId: string) {
  const { body } = await api.get(`/api/clients/${clientId}/claims`);
  return body.items.find((claim: any) => claim.claimId === claimId);
}

async function downloadPdf(path: string) {
  const response = await fetch(`${stack().url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe('billing profile', () => {
  it('is kept in settings and refuses an NPI with a wrong check digit or a malformed tax ID (400)', async () => {
    const settings = (await api.get('/api/practice/settings')).body;
    expect(settings.billing).toMatchObject({ npi: '1245319599', taxId: '12-3456789', taxonomyCode: '261QM0801X' });
    const badNpi = await setBillingProfile({ ...settings.billing, npi: '1245319598' });
    expect(badNpi.status).toBe(400);
    expect(badNpi.body.error.details).toContainEqual(expect.objectContaining({ path: 'billing.npi' }));
    const badTaxId = await setBillingProfile({ ...settings.billing, taxId: '12345' });
    expect(badTaxId.status).toBe(400);
    expect(badTaxId.body.error.details).toContainEqual(expect.objectContaining({ path: 'billing.taxId' }));
  });

  it('is left as it is when a settings update omits it', async () => {
    const before = (await api.get('/api/practice/settings')).body;
    const saved = await api.put('/api/practice/settings', {
      collectInsurance: before.collectInsurance,
      cardImages: before.cardImages,
      version: before.version,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.billing).toEqual(before.billing);
  });
});

describe('837P export', () => {
  it('round trip: two claims exported in one interchange, downloadable again, claims exported with the export id', async () => {
    const first = await readyClaim();
    const second = await readyClaim({ placeOfService: '11', dateOfService: '2026-03-04' });
    const exported = await api.post('/api/claims/exports', { claimIds: [first.claim.claimId, second.claim.claimId] });
    expect(exported.status, JSON.stringify(exported.body)).toBe(201);
    expect(exported.body).toMatchObject({ format: 'x12-837p', claimIds: [first.claim.claimId, second.claim.claimId] });
    expect(exported.body.interchangeControlNumber).toMatch(/^\d{9}$/);

    const interchange: X12Interchange = verifyWithThirdPartyParser(exported.body.content);
    expect(exported.body.content).toContain(`*00501*${exported.body.interchangeControlNumber}*0*P*:~`);
    expect(Number(interchange.header.valueOf(13))).toBe(Number(exported.body.interchangeControlNumber));
    const segments = segmentsOf(exported.body.content);
    expect(interchange.functionalGroups[0]!.transactions[0]!.segments).toHaveLength(segments.length - 6);
    expect(segments.filter((segment) => segment.startsWith('CLM*'))).toHaveLength(2);
    expect(segments).toContain('NM1*85*2*HARBOR COUNSELING GROUP*****XX*1245319599');
    // The rendering practitioner is the signed-in one, named as the team record names them.
    const me = (await api.get('/api/practice/team')).body.items.find((member: { userId: string }) => member.userId === userId);
    expect(segments).toContain(`NM1*82*1*${me.familyName.toUpperCase()}*${me.givenName.toUpperCase()}****XX*${RENDERING_NPI}`);
    expect(segments).toContain('SV1*HC:90837:95*180*UN*1***1');
    expect(segments.some((segment) => segment.startsWith('CLM*') && segment.includes('*10:B:1*'))).toBe(true);
    expect(segments.some((segment) => segment.startsWith('CLM*') && segment.includes('*11:B:1*'))).toBe(true);

    const again = await api.get(`/api/claims/exports/${exported.body.exportId}`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(exported.body);

    for (const { client, claim } of [first, second]) {
      const now = await claimOf(client.clientId, claim.claimId);
      expect(now).toMatchObject({ status: 'exported', exportId: exported.body.exportId });
      expect(now.exportedAt).toBeTruthy();
      expect(now.submittedAt).toBeTruthy();
    }
    const audit = (await api.get(`/api/clients/${first.client.clientId}/audit`)).body.items;
    expect(audit.map((event: any) => event.action)).toContain('claim.exported');
  });

  it('refuses everything when one claim is not ready, listing each claim’s problems with their paths', async () => {
    const ready = await readyClaim();
    const { client, policy } = await billableClient({ ediPayerId: null });
    const unready = (
      await api.post(
        `/api/clients/${client.clientId}/claims`,
        readyClaimBody(policy.policyId, userId, {
          placeOfService: null,
          serviceLines: [{ procedureCode: '90837', modifiers: [], units: 1, chargeCents: 18000, diagnosisPointers: [] }],
        }),
      )
    ).body;
    const refused = await api.post('/api/claims/exports', { claimIds: [ready.claim.claimId, unready.claimId] });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('claim_not_ready');
    const paths = refused.body.error.details.map((detail: any) => detail.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        `claims.${unready.claimId}.payer.ediPayerId`,
        `claims.${unready.claimId}.placeOfService`,
        `claims.${unready.claimId}.serviceLines.0.diagnosisPointers`,
      ]),
    );
    expect(paths.some((path: string) => path.startsWith(`claims.${ready.claim.claimId}.`))).toBe(false);
    expect((await claimOf(ready.client.clientId, ready.claim.claimId)).status).toBe('draft');
    expect((await claimOf(client.clientId, unready.claimId)).status).toBe('draft');
  });

  it('names billing-profile and client problems by path', async () => {
    const { client, policy } = await billableClient();
    await api.patch(`/api/clients/${client.clientId}`, { address: null, sexForClaims: null, version: client.version });
    const claim = (await api.post(`/api/clients/${client.clientId}/claims`, readyClaimBody(policy.policyId, 'nobody-on-the-team'))).body;
    const refused = await api.post('/api/claims/exports', { claimIds: [claim.claimId] });
    expect(refused.status).toBe(422);
    const paths = refused.body.error.details.map((detail: any) => detail.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        `claims.${claim.claimId}.client.address`,
        `claims.${claim.claimId}.client.sexForClaims`,
        `claims.${claim.claimId}.renderingPractitionerId`,
      ]),
    );
  });

  it('gives every export its own interchange control number', async () => {
    const a = await readyClaim();
    const b = await readyClaim();
    const first = await api.post('/api/claims/exports', { claimIds: [a.claim.claimId] });
    const second = await api.post('/api/claims/exports', { claimIds: [b.claim.claimId] });
    expect(Number(second.body.interchangeControlNumber)).toBe(Number(first.body.interchangeControlNumber) + 1);
    expect(new X12Parser(true).parse(second.body.content)).toBeTruthy();
  });

  it('two exports of the same claim at once: exactly one wins, the other is 409 and nothing is exported twice', async () => {
    const { claim, client } = await readyClaim();
    const results = await Promise.all([0, 1].map(() => api.post('/api/claims/exports', { claimIds: [claim.claimId] })));
    expect(results.map((result) => result.status).sort()).toEqual([201, 409]);
    const winner = results.find((result) => result.status === 201)!;
    expect((await claimOf(client.clientId, claim.claimId)).exportId).toBe(winner.body.exportId);
  });

  it('refuses unknown claim ids (404), repeats and empty lists (400)', async () => {
    expect((await api.post('/api/claims/exports', { claimIds: ['NOSUCHCLAIM'] })).status).toBe(404);
    expect((await api.post('/api/claims/exports', { claimIds: [] })).status).toBe(400);
    expect((await api.post('/api/claims/exports', { claimIds: ['A', 'A'] })).status).toBe(400);
    expect((await api.post('/api/claims/exports', { claimIds: Array.from({ length: 49 }, (_, i) => `C${i}`) })).status).toBe(400);
    expect((await api.get('/api/claims/exports/NOSUCHEXPORT')).status).toBe(404);
  });
});

describe('drafts and exported claims', () => {
  it('a draft is edited under its version and deleted; a stale version is 409', async () => {
    const { client, claim } = await readyClaim();
    const path = `/api/clients/${client.clientId}/claims/${claim.claimId}`;
    const edited = await api.patch(path, {
      serviceLines: [{ procedureCode: '90834', modifiers: ['95', 'GT'], units: 1, chargeCents: 12000, diagnosisPointers: [1] }],
      placeOfService: '02',
      version: claim.version,
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ placeOfService: '02', version: claim.version + 1 });
    expect(edited.body.serviceLines[0].modifiers).toEqual(['95', 'GT']);
    const stale = await api.patch(path, { placeOfService: '11', version: claim.version });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    expect((await api.patch(path, { placeOfService: '00', version: edited.body.version })).status).toBe(400);

    expect((await api.delete(path)).status).toBe(204);
    expect(await claimOf(client.clientId, claim.claimId)).toBeUndefined();
    expect((await api.delete(path)).status).toBe(404);
    const audit = (await api.get(`/api/clients/${client.clientId}/audit`)).body.items.map((event: any) => event.action);
    expect(audit).toEqual(expect.arrayContaining(['claim.updated', 'claim.deleted']));
  });

  it('an exported claim cannot be edited, deleted, submitted or exported again (409)', async () => {
    const { client, claim } = await readyClaim();
    const exported = await api.post('/api/claims/exports', { claimIds: [claim.claimId] });
    expect(exported.status).toBe(201);
    const path = `/api/clients/${client.clientId}/claims/${claim.claimId}`;
    const current = await claimOf(client.clientId, claim.claimId);
    expect((await api.patch(path, { placeOfService: '11', version: current.version })).status).toBe(409);
    expect((await api.delete(path)).status).toBe(409);
    expect((await api.post(`${path}/submit`)).status).toBe(409);
    const again = await api.post('/api/claims/exports', { claimIds: [claim.claimId] });
    expect(again.status).toBe(409);
    expect(await claimOf(client.clientId, claim.claimId)).toEqual(current);
  });

  it('a submitted claim can be exported (exporting is a submission)', async () => {
    const { client, claim } = await readyClaim();
    expect((await api.post(`/api/clients/${client.clientId}/claims/${claim.claimId}/submit`)).status).toBe(200);
    const exported = await api.post('/api/claims/exports', { claimIds: [claim.claimId] });
    expect(exported.status).toBe(201);
    expect((await claimOf(client.clientId, claim.claimId)).status).toBe('exported');
  });
});

describe('coordination of benefits: a secondary claim with the Primary’s adjudication', () => {
  it('is kept on the draft, checked for balance, and exported as 2320 CAS/AMT*D with 2330B DTP*573', async () => {
    const { client, payer } = await billableClient();
    const second = (await api.post('/api/payers', { name: `Second Mutual ${client.clientId}`, ediPayerId: 'SEC01' })).body;
    const secondary = await api.post(`/api/clients/${client.clientId}/policies`, {
      priority: 'secondary',
      payerId: second.payerId,
      insuranceType: 'medicaid',
      memberId: 'MCD-1',
      relationship: 'self',
      effectiveDate: '2026-01-01',
    });
    expect(secondary.status, JSON.stringify(secondary.body)).toBe(201);
    // $180 charged: the Primary paid $120, $40 contractual, $20 left to the patient — but first an unbalanced one.
    const unbalanced = {
      paidCents: 12000,
      paidDate: '2026-03-08',
      adjustments: [{ groupCode: 'CO', reasonCode: '45', amountCents: 4000 }],
    };
    const created = await api.post(
      `/api/clients/${client.clientId}/claims`,
      readyClaimBody(secondary.body.policyId, userId, { primaryAdjudication: unbalanced }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.primaryAdjudication).toEqual({ ...unbalanced, lines: [] });
    const path = `/api/clients/${client.clientId}/claims/${created.body.claimId}`;
    const readiness = (await api.get(`${path}/readiness`)).body;
    expect(readiness.problems).toEqual([
      {
        path: 'primaryAdjudication',
        message: "The Primary's paid amount and adjustments ($160.00) must add up to the claim's total charge ($180.00)",
      },
    ]);

    const badGroup = await api.patch(path, {
      primaryAdjudication: { ...unbalanced, adjustments: [{ groupCode: 'XX', reasonCode: '45', amountCents: 1 }] },
      version: created.body.version,
    });
    expect(badGroup.status).toBe(400);
    expect(badGroup.body.error.details[0].path).toBe('primaryAdjudication.adjustments.0.groupCode');
    const balanced = await api.patch(path, {
      primaryAdjudication: {
        ...unbalanced,
        adjustments: [...unbalanced.adjustments, { groupCode: 'PR', reasonCode: '2', amountCents: 2000 }],
      },
      version: created.body.version,
    });
    expect(balanced.status, JSON.stringify(balanced.body)).toBe(200);
    expect((await api.get(`${path}/readiness`)).body).toEqual({ ready: true, problems: [] });

    const exported = await api.post('/api/claims/exports', { claimIds: [created.body.claimId] });
    expect(exported.status, JSON.stringify(exported.body)).toBe(201);
    verifyWithThirdPartyParser(exported.body.content);
    const segments = segmentsOf(exported.body.content);
    const otherSbr = segments.findIndex((segment) => segment.startsWith('SBR*P*'));
    expect(segments.slice(otherSbr + 1, otherSbr + 5)).toEqual(['CAS*CO*45*40', 'CAS*PR*2*20', 'AMT*D*120', 'AMT*EAF*20']);
    expect(segments).toContain(
      `NM1*PR*2*${payer.name
        .toUpperCase()
        .replace(/[^A-Z0-9 -]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()}*****PI*EXP01`,
    );
    expect(segments).toContain('DTP*573*D8*20260308');
    const pdf = await downloadPdf(`${path}/cms1500`);
    expect(pdfPagesText(pdf.bytes).join('\n')).toMatch(/29\. AMOUNT PAID[\s\S]*120\.00/);
  });
});

describe('export readiness of one claim', () => {
  it('lists every problem with the path of its field, without exporting; a ready claim has none', async () => {
    const { client, policy } = await billableClient();
    await api.patch(`/api/clients/${client.clientId}`, { sexForClaims: null, version: client.version });
    const body = readyClaimBody(policy.policyId, userId, { placeOfService: null });
    const unready = (
      await api.post(`/api/clients/${client.clientId}/claims`, {
        ...body,
        serviceLines: [{ ...body.serviceLines[0], diagnosisPointers: [3] }],
      })
    ).body;
    const answer = await api.get(`/api/clients/${client.clientId}/claims/${unready.claimId}/readiness`);
    expect(answer.status).toBe(200);
    expect(answer.body.ready).toBe(false);
    expect(answer.body.problems.map((problem: any) => problem.path)).toEqual(
      expect.arrayContaining(['client.sexForClaims', 'placeOfService', 'serviceLines.0.diagnosisPointers']),
    );
    expect((await claimOf(client.clientId, unready.claimId)).status).toBe('draft');

    const ready = await readyClaim();
    const readyAnswer = await api.get(`/api/clients/${ready.client.clientId}/claims/${ready.claim.claimId}/readiness`);
    expect(readyAnswer.body).toEqual({ ready: true, problems: [] });
    expect((await api.get(`/api/clients/${ready.client.clientId}/claims/NOSUCHCLAIM/readiness`)).status).toBe(404);
  });
});

describe('CMS-1500', () => {
  it('downloads as a PDF with the claim’s fields, for a ready draft and for an exported claim', async () => {
    const { client, claim } = await readyClaim();
    const path = `/api/clients/${client.clientId}/claims/${claim.claimId}/cms1500`;
    const draft = await downloadPdf(path);
    expect(draft.status).toBe(200);
    expect(draft.headers.get('content-type')).toBe('application/pdf');
    expect(draft.headers.get('content-disposition')).toBe(`attachment; filename="cms1500-${claim.claimId}.pdf"`);
    const text = pdfPagesText(draft.bytes).join('\n');
    expect(text).toContain('W123456789');
    expect(text).toContain('12-3456789');
    expect(text).toContain(RENDERING_NPI);

    await api.post('/api/claims/exports', { claimIds: [claim.claimId] });
    const exported = await downloadPdf(path);
    expect(exported.status).toBe(200);
    expect(pdfPagesText(exported.bytes).join('\n')).toContain('W123456789');
  });

  it('answers 422 with the problems for a claim that is not ready', async () => {
    const { client, claim } = await readyClaim({ placeOfService: null });
    const response = await api.get(`/api/clients/${client.clientId}/claims/${claim.claimId}/cms1500`);
    expect(response.status).toBe(422);
    expect(response.body.error.details).toContainEqual(expect.objectContaining({ path: 'placeOfService' }));
  });
});

describe('claims across clients', () => {
  it('lists newest date of service first with client names, filters by status and dates, and pages with a cursor', async () => {
    const { client, policy } = await billableClient({ effectiveDate: '2019-01-01' });
    const dates = ['2019-05-03', '2019-05-20', '2019-05-11', '2019-06-02'];
    const claims = [];
    for (const dateOfService of dates) {
      claims.push(
        (await api.post(`/api/clients/${client.clientId}/claims`, readyClaimBody(policy.policyId, userId, { dateOfService }))).body,
      );
    }
    await api.post('/api/claims/exports', { claimIds: [claims[2].claimId] });

    const may = await api.get('/api/claims?from=2019-05-01&to=2019-05-31');
    expect(may.status).toBe(200);
    expect(may.body.items.map((item: any) => item.dateOfService)).toEqual(['2019-05-20', '2019-05-11', '2019-05-03']);
    expect(may.body.items[0].client).toEqual({ clientId: client.clientId, firstName: 'Alex', lastName: client.lastName });
    expect(may.body.nextCursor).toBeNull();

    const drafts = await api.get('/api/claims?status=draft&from=2019-05-01&to=2019-06-30');
    expect(drafts.body.items.map((item: any) => item.dateOfService)).toEqual(['2019-06-02', '2019-05-20', '2019-05-03']);
    const exported = await api.get('/api/claims?status=exported&from=2019-05-01&to=2019-06-30');
    expect(exported.body.items.map((item: any) => item.claimId)).toEqual([claims[2].claimId]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api.get(`/api/claims?from=2019-05-01&to=2019-06-30&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: any) => item.dateOfService));
      cursor = page.body.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual(['2019-06-02', '2019-05-20', '2019-05-11', '2019-05-03']);
  });

  it('refuses a malformed cursor or date range with 400', async () => {
    expect((await api.get('/api/claims?cursor=not-a-cursor')).status).toBe(400);
    expect((await api.get('/api/claims?from=2019-06-01&to=2019-05-01')).status).toBe(400);
    expect((await api.get('/api/claims?status=paid')).status).toBe(400);
  });
});
