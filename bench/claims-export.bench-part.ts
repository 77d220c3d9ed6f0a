/**
 * Claims leave the building: the 837P generator's throughput and memory (pure, in this process), the CMS-1500
 * render time, an export of 500 claims through the API (as exports of at most 48 claims, one transaction each),
 * and the Claims page's first screen with 5,000 claims in the table: GET /api/claims against its Query floor
 * (the same three status-partition Queries on gsi1, run directly), interleaved.
 *
 * The 5,000 claims are written straight into the table (BatchWrite), shaped exactly as the API writes them
 * (claim item with its gsi1 keys and its claim_ref pointer): creating them through the API would time the
 * set-up, not the list. The 500 exported claims are ready claims of one billable client.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { renderCms1500 } from '../shared/cms1500.ts';
import { generate837P } from '../shared/x12-837p.ts';
import { billableClient, putPractitionerRecord, RENDERING_NPI, setBillingProfile, userIdOf } from '../test/support/billing.ts';
import { telehealthClaim } from '../test/support/claim-bundles.ts';
import type { RunningStack } from '../test/support/local-stack.ts';
import { putItemsInBatches, type DirectTable } from './support/direct.ts';
import { timedRequest } from './support/http.ts';
import { againstFloor, timed, type FloorComparison } from './support/interleave.ts';
import { summarize, type Summary } from './support/stats.ts';

export interface ClaimsExportResult {
  generator: { claims: number; medianMs: number; claimsPerSecond: number; heapPeakMb: number; bytes: number };
  cms1500: Summary;
  export500: { claims: number; exports: number; totalMs: number; perExport: Summary };
  firstScreen: FloorComparison & { claimsInTable: number };
}

const EXPORT_CLAIMS = 500;
const TABLE_CLAIMS = 5_000;
const SCREEN_ROUNDS = 40;

export async function benchClaimsExport(options: {
  stack: RunningStack;
  table: DirectTable;
  practitionerToken: string;
  log: (line: string) => void;
}): Promise<ClaimsExportResult> {
  const { stack, table, practitionerToken, log } = options;

  // 1. Generator: 500 claims of three lines each into one interchange, five times.
  const bundles = Array.from({ length: EXPORT_CLAIMS }, (_, index) => ({
    ...telehealthClaim(),
    claimId: `01JD${String(index).padStart(22, '0')}`,
  }));
  const runs: number[] = [];
  let bytes = 0;
  let heapPeak = 0;
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    const text = generate837P(bundles, { interchangeControlNumber: round + 1, batchReference: 'BENCH', createdAt: new Date() });
    runs.push(performance.now() - started);
    // Heap in use with the file still referenced: the bundles, the segments and the text together.
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    bytes = text.length;
  }
  const generatorMedian = summarize(runs).median;
  const cmsRuns: number[] = [];
  for (let round = 0; round < 20; round++) {
    const started = performance.now();
    await renderCms1500(bundles[round]!, { signedOn: '2026-03-10' });
    cmsRuns.push(performance.now() - started);
  }
  log(`  generator: ${EXPORT_CLAIMS} claims in ${generatorMedian.toFixed(1)} ms`);

  // 2. 500 ready claims of one client, written as the API writes them, exported through the API.
  const userId = userIdOf(practitionerToken);
  await putPractitionerRecord(userId, { npi: RENDERING_NPI, taxonomyCode: '101YM0800X' });
  await setBillingProfile();
  const { client, policy } = await billableClient();
  const readyIds = await writeClaims(stack, table, {
    count: EXPORT_CLAIMS,
    clientId: client.clientId,
    policyId: policy.policyId,
    renderingPractitionerId: userId,
    dateOf: () => '2026-03-03',
  });
  const perExport: number[] = [];
  const exportStarted = performance.now();
  for (let start = 0; start < readyIds.length; start += 48) {
    const response = await timedRequest(stack.url, 'POST', '/api/claims/exports', {
      token: practitionerToken,
      body: { claimIds: readyIds.slice(start, start + 48) },
    });
    if (response.status !== 201) throw new Error(`export answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`);
    perExport.push(response.ms);
  }
  const exportTotal = performance.now() - exportStarted;
  log(`  exported ${readyIds.length} claims in ${(exportTotal / 1000).toFixed(1)} s`);

  // 3. 4,500 more claims across 10 more clients and two years of dates, then the first screen vs its Query floor.
  const clients = await Promise.all(Array.from({ length: 10 }, () => billableClient()));
  for (const [index, { client: listed, policy: listedPolicy }] of clients.entries()) {
    await writeClaims(stack, table, {
      count: (TABLE_CLAIMS - EXPORT_CLAIMS) / clients.length,
      clientId: listed.clientId,
      policyId: listedPolicy.policyId,
      renderingPractitionerId: userId,
      dateOf: (n) => new Date(Date.UTC(2025, 0, 1) + ((n * 7 + index) % 700) * 86_400_000).toISOString().slice(0, 10),
    });
  }
  // The floor is the handler's own reads, made directly: its three Queries, then the BatchGet of the page's clients.
  const floorQuery = async () => {
    const pages = await Promise.all(
      ['draft', 'submitted', 'exported'].map((status) =>
        table.dynamo.send(
          new QueryCommand({
            TableName: table.tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :lower AND :upper',
            ExpressionAttributeValues: { ':pk': `CLAIMS#${status}`, ':lower': '0', ':upper': '9~' },
            ScanIndexForward: false,
            Limit: 51,
          }),
        ),
      ),
    );
    const items = pages
      .flatMap((page) => page.Items ?? [])
      .sort((a, b) => (a.gsi1sk < b.gsi1sk ? 1 : -1))
      .slice(0, 50);
    const clientIds = [...new Set(items.map((item) => item.clientId as string))];
    await table.tableIo.batchGetItems(clientIds.map((clientId) => table.keys.keys.client(clientId)));
  };
  const firstScreen = await againstFloor(SCREEN_ROUNDS, 5, {
    api: async () => {
      const response = await timedRequest(stack.url, 'GET', '/api/claims?limit=50', { token: practitionerToken });
      if (response.status !== 200 || response.body.items.length !== 50) throw new Error(`list answered ${response.status}`);
      return response.ms;
    },
    floor: () => timed(floorQuery),
  });
  return {
    generator: {
      claims: EXPORT_CLAIMS,
      medianMs: generatorMedian,
      claimsPerSecond: EXPORT_CLAIMS / (generatorMedian / 1000),
      heapPeakMb: heapPeak / 1024 / 1024,
      bytes,
    },
    cms1500: summarize(cmsRuns),
    export500: {
      claims: readyIds.length,
      exports: perExport.length,
      totalMs: exportTotal,
      perExport: summarize(perExport),
    },
    firstScreen: { ...firstScreen, claimsInTable: TABLE_CLAIMS },
  };
}

/** Ready draft claims written as insertClaim writes them (claim with gsi1 keys, claim_ref pointer). */
async function writeClaims(
  stack: RunningStack,
  table: DirectTable,
  options: { count: number; clientId: string; policyId: string; renderingPractitionerId: string; dateOf: (n: number) => string },
): Promise<string[]> {
  const at = new Date().toISOString();
  const items: Record<string, unknown>[] = [];
  const ids: string[] = [];
  for (let n = 0; n < options.count; n++) {
    const claimId = table.ids.newId();
    const dateOfService = options.dateOf(n);
    ids.push(claimId);
    items.push({
      ...table.keys.keys.claim(options.clientId, claimId),
      ...table.keys.claimIndexKeys({ status: 'draft', dateOfService, claimId }),
      itemType: 'claim',
      claimId,
      clientId: options.clientId,
      dateOfService,
      policyId: options.policyId,
      status: 'draft',
      placeOfService: '10',
      renderingPractitionerId: options.renderingPractitionerId,
      serviceLines: [
        { procedureCode: '90837', modifiers: ['95'], units: 1, chargeCents: 18000, diagnosisPointers: [1] },
        { procedureCode: '90785', modifiers: ['95'], units: 1, chargeCents: 2500, diagnosisPointers: [1] },
      ],
      diagnosisCodes: ['F41.1'],
      warnings: [],
      submittedAt: null,
      submittedBy: null,
      exportId: null,
      exportedAt: null,
      version: 1,
      createdAt: at,
      createdBy: { kind: 'system', id: 'bench' },
      updatedAt: at,
    });
    items.push({ ...table.keys.keys.claimRef(claimId), itemType: 'claim_ref', clientId: options.clientId, claimId });
  }
  await putItemsInBatches(stack, table.tableName, items);
  return ids;
}
