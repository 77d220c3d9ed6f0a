/**
 * The data every measurement runs on, made through the real API (and the real invitation flow for portal
 * clients), so that stored items have exactly the shape production writes: a practitioner, the demo payers, a
 * chart with 10 policies and their card images, and portal clients.
 */
import { as, onboardPortalClient, practitioner, type PortalClient } from '../test/support/api.ts';
import { JPEG_BYTES, PDF_BYTES, PNG_BYTES } from '../test/support/files.ts';
import { uploadFile } from '../test/support/uploads.ts';

export interface PayerRef {
  payerId: string;
  name: string;
}

export interface ChartFixture {
  clientId: string;
  policyIds: string[];
  /** A policy of the chart and one of its attachments (for the attachment-URL routes). */
  attachment: { policyId: string; attachmentId: string };
}

export async function practitionerApi() {
  return as(await practitioner());
}

export async function listDemoPayers(): Promise<PayerRef[]> {
  const api = await practitionerApi();
  const response = await api.get<{ items: PayerRef[] }>('/api/payers');
  if (response.status !== 200) throw new Error(`list payers: ${response.status}`);
  return response.body.items.map(({ payerId, name }) => ({ payerId, name }));
}

export async function createClient(label: string): Promise<string> {
  const api = await practitionerApi();
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  const created = await api.post('/api/clients', {
    firstName: 'Bench',
    lastName: `${label}-${suffix}`,
    email: `bench-${label}-${suffix}@example.test`.toLowerCase(),
    dateOfBirth: '1984-02-29',
  });
  if (created.status !== 201) throw new Error(`create client: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.clientId as string;
}

const SUBSCRIBER = {
  firstName: 'Morgan',
  lastName: 'Bench',
  dateOfBirth: '1980-05-17',
  sex: 'female',
  address: { line1: '12 Harbour Street', city: 'Portland', state: 'ME', postalCode: '04101' },
};

/**
 * The chart the chart-read benchmark reads: 10 policies as a practice accumulates them over years — four
 * successive Primaries (each auto-ending the one before), Secondaries and an "other" — each with front and back
 * card images uploaded through the real pre-signed POST.
 */
export async function createChart(payers: readonly PayerRef[]): Promise<ChartFixture> {
  const token = await practitioner();
  const api = as(token);
  const clientId = await createClient('chart');
  const plans: Record<string, unknown>[] = [
    { priority: 'primary', effectiveDate: '2022-01-01' },
    { priority: 'secondary', effectiveDate: '2022-01-01', relationship: 'spouse', subscriber: SUBSCRIBER },
    { priority: 'primary', effectiveDate: '2023-01-01' },
    { priority: 'secondary', effectiveDate: '2023-06-01', endDate: '2023-12-31' },
    { priority: 'primary', effectiveDate: '2024-01-01' },
    { priority: 'other', effectiveDate: '2024-03-01', payerName: 'Acme Dental Mutual' },
    { priority: 'secondary', effectiveDate: '2024-07-01', relationship: 'child', subscriber: SUBSCRIBER },
    { priority: 'primary', effectiveDate: '2025-01-01' },
    { priority: 'secondary', effectiveDate: '2025-01-01', status: 'inactive' },
    { priority: 'other', effectiveDate: '2025-02-01', payerName: 'Regional Vision Benefits Co' },
  ];
  const policyIds: string[] = [];
  let attachment: ChartFixture['attachment'] | undefined;
  for (const [index, plan] of plans.entries()) {
    const front = await uploadFile(token, `/api/clients/${clientId}/uploads`, {
      bytes: JPEG_BYTES,
      fileName: `card-${index}-front.jpg`,
      contentType: 'image/jpeg',
      side: 'front',
    });
    const back = await uploadFile(token, `/api/clients/${clientId}/uploads`, {
      bytes: index % 3 === 0 ? PDF_BYTES : PNG_BYTES,
      fileName: index % 3 === 0 ? `card-${index}-back.pdf` : `card-${index}-back.png`,
      contentType: index % 3 === 0 ? 'application/pdf' : 'image/png',
      side: 'back',
    });
    const payer = payers[index % payers.length]!;
    const body = {
      payerId: plan.payerName ? undefined : payer.payerId,
      insuranceType: 'group_health_plan',
      memberId: `MBR${100000 + index}`,
      groupNumber: `GRP-${7000 + index}`,
      planName: 'Choice Plus PPO',
      planId: `PLN${index}`,
      relationship: 'self',
      copayCents: 2500,
      deductibleCents: 150000,
      employerOrSchool: 'Harbour Logistics',
      attachmentIds: [front.attachmentId, back.attachmentId],
      ...plan,
    };
    const created = await api.post(`/api/clients/${clientId}/policies`, body);
    if (created.status !== 201) throw new Error(`chart policy ${index}: ${created.status} ${JSON.stringify(created.body)}`);
    policyIds.push(created.body.policyId as string);
    attachment ??= { policyId: created.body.policyId as string, attachmentId: front.attachmentId };
  }
  return { clientId, policyIds, attachment: attachment! };
}

/** Portal clients onboarded through the real invitation flow, a few at a time (each is ~8 requests). */
export async function onboardPortalClients(count: number, concurrency = 4): Promise<PortalClient[]> {
  const clients: PortalClient[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      clients.push(await onboardPortalClient({ firstName: 'Bench', lastName: `Portal${clients.length}` }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return clients;
}

/** A portal policy body as the Billing tab sends it: a payer picked from the typeahead, card fields, dates. */
export function portalPolicyBody(options: {
  priority: 'primary' | 'secondary';
  effectiveDate: string;
  payerId?: string;
  payerName?: string;
  endDate?: string;
}) {
  return {
    priority: options.priority,
    ...(options.payerId ? { payerId: options.payerId } : { payerName: options.payerName }),
    insuranceType: 'group_health_plan',
    memberId: `XZ${Math.floor(Math.random() * 1e9)}`,
    groupNumber: '0876543',
    planName: 'Open Access Plus',
    relationship: 'self',
    effectiveDate: options.effectiveDate,
    ...(options.endDate ? { endDate: options.endDate } : {}),
  };
}
