/**
 * 1. API overhead against the floor. Each API call is timed back to back with its floor — the DynamoDB work it
 * cannot avoid, issued directly with the SDK — in the same loop, alternating which goes first, so that drift on
 * this noisy machine lands on both sides. A third variant replays every DynamoDB call the handler makes (in the
 * handler's order and parallelism): API minus replay is what the gateway, JWT verification, middy, zod and
 * JSON cost; replay minus floor is what the handler's extra reads cost. In the chart loop a fourth variant,
 * GET /api/health (public: no JWT, no database), shows what the HTTP hop, the gateway and middy alone cost.
 *
 * Chart read   GET /api/clients/{id}/policies (10 policies, 20 attachments)
 *   floor      the handler's one Query: the client item and its policies (pk = CLIENT#id AND sk BETWEEN 'CLIENT'
 *              AND 'POLICY$', ConsistentRead) — loadClientWithPolicies
 *   replay     the same Query (the handler makes no other database call), so API − replay is the pure overhead
 * Submit       POST /api/portal/policies (a Secondary with a payer picked from the typeahead)
 *   floor      one TransactWriteItems of the items the handler writes: Put policy (attribute_not_exists), Update the
 *              client item (the policy's summary, last activity, the conditional policy revision), Put audit event
 *              (attribute_not_exists)
 *   replay     Query client with policies → TransactWriteItems of those three items plus the two conditions that
 *              replace reads (ConditionCheck: the practice collects insurance; the chosen payer still has the name
 *              this instance remembers and is active): the handler's two sequential round trips once warm
 *              (a payer it has not seen yet is read beside the Query, once per instance)
 *
 * The portal access check (a revoked client is refused on the next request: every client route compares the token
 * with the client item's portal user). "Before" is the database work the route did without the check, "after" what
 * it does now; both replayed directly, interleaved with the API call itself:
 * Portal list  GET /api/portal/policies
 *   before     Query pk = CLIENT#id AND begins_with(sk, 'POLICY#') (the policies only)
 *   after      Query pk = CLIENT#id AND sk BETWEEN 'CLIENT' AND 'POLICY$' (the client item comes in the same Query)
 * Typeahead    GET /api/portal/payers?q=aet
 *   before     Query the practice's payers
 *   after      that Query ∥ GetItem client (in parallel: no extra round trip in sequence)
 */
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { PortalClient } from '../test/support/api.ts';
import type { RunningStack } from '../test/support/local-stack.ts';
import { createClient, portalPolicyBody, type ChartFixture, type PayerRef } from './fixtures.ts';
import type { DirectTable } from './support/direct.ts';
import { timedRequest } from './support/http.ts';
import { interleaved, timed } from './support/interleave.ts';
import { summarize, type Summary } from './support/stats.ts';

export interface ApiOverheadOptions {
  stack: RunningStack;
  table: DirectTable;
  practitionerToken: string;
  chart: ChartFixture;
  payers: readonly PayerRef[];
  portalClients: readonly PortalClient[];
  chartIterations: number;
  submitIterations: number;
  portalIterations: number;
}

export interface Comparison {
  api: Summary;
  floor: Summary;
  replay: Summary;
  /** GET /api/health through the gateway (chart loop only). */
  hop?: Summary;
  /** Size of the API's JSON answer. */
  responseBytes: number;
  /** api.median / floor.median: the ratio. */
  ratio: number;
  /** api.median − replay.median: what the API adds besides database round trips. */
  nonDbOverheadMs: number;
  warmUp: number;
}

export interface ApiOverheadResult {
  chartRead: Comparison;
  submit: Comparison;
  /** The portal access check: `floor` = the route's database work before it, `replay` = after it. */
  portalList: Comparison;
  portalTypeahead: Comparison;
}

type Variant = 'api' | 'floor' | 'replay' | 'hop';

function compare(samples: Partial<Record<Variant, number[]>>, warmUp: number, responseBytes: number): Comparison {
  const api = summarize(samples.api!);
  const floor = summarize(samples.floor!);
  const replay = summarize(samples.replay!);
  const hop = samples.hop ? summarize(samples.hop) : undefined;
  return { api, floor, replay, hop, responseBytes, ratio: api.median / floor.median, nonDbOverheadMs: api.median - replay.median, warmUp };
}

export async function benchApiOverhead(options: ApiOverheadOptions): Promise<ApiOverheadResult> {
  const { stack, table, chart } = options;
  const { dynamo, tableName, keys } = table;
  const chartPk = table.keys.clientPk(chart.clientId);

  // ---- chart read
  const clientWithPoliciesQuery = (pk: string) =>
    dynamo.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': 'CLIENT', ':to': 'POLICY$' },
        ConsistentRead: true,
      }),
    );
  const chartQuery = () => clientWithPoliciesQuery(chartPk);

  const chartWarmUp = 30;
  let chartResponseBytes = 0;
  const chartSamples = await interleaved(options.chartIterations, chartWarmUp, {
    api: async () => {
      const response = await timedRequest(stack.url, 'GET', `/api/clients/${chart.clientId}/policies`, {
        token: options.practitionerToken,
      });
      if (response.status !== 200 || response.body.items.length !== 10) throw new Error(`chart read answered ${response.status}`);
      chartResponseBytes = response.bytes;
      return response.ms;
    },
    hop: async () => {
      const response = await timedRequest(stack.url, 'GET', '/api/health');
      if (response.status !== 200) throw new Error(`health answered ${response.status}`);
      return response.ms;
    },
    floor: () =>
      timed(async () => {
        const result = await chartQuery();
        if (result.Items?.length !== 11) throw new Error('floor query found the wrong chart');
      }),
    replay: () => timed(() => chartQuery()),
  });

  // ---- the portal access check (before the submit loop, so the client's partition stays as it is)
  const portalClient = options.portalClients[0]!;
  const portalPk = keys.clientPk(portalClient.clientId);
  const policiesOnly = () =>
    dynamo.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': portalPk, ':prefix': 'POLICY#' },
        ConsistentRead: true,
      }),
    );
  const payersQuery = () =>
    dynamo.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': 'PRACTICE', ':prefix': 'PAYER#' },
        ConsistentRead: true,
      }),
    );
  const portalWarmUp = 20;
  let portalListBytes = 0;
  const portalListSamples = await interleaved(options.portalIterations, portalWarmUp, {
    api: async () => {
      const response = await timedRequest(stack.url, 'GET', '/api/portal/policies', { token: portalClient.token });
      if (response.status !== 200) throw new Error(`portal list answered ${response.status}`);
      portalListBytes = response.bytes;
      return response.ms;
    },
    floor: () => timed(() => policiesOnly()),
    replay: () => timed(() => clientWithPoliciesQuery(portalPk)),
  });
  let typeaheadBytes = 0;
  const typeaheadSamples = await interleaved(options.portalIterations, portalWarmUp, {
    api: async () => {
      const response = await timedRequest(stack.url, 'GET', '/api/portal/payers?q=aet', { token: portalClient.token });
      if (response.status !== 200) throw new Error(`typeahead answered ${response.status}`);
      typeaheadBytes = response.bytes;
      return response.ms;
    },
    floor: () => timed(() => payersQuery()),
    replay: () =>
      timed(() =>
        Promise.all([
          payersQuery(),
          dynamo.send(new GetCommand({ TableName: tableName, Key: keys.keys.client(portalClient.clientId), ConsistentRead: true })),
        ]),
      ),
  });

  // ---- submit
  // Each portal client receives at most ~10 policies (a warm-up one plus its share of the timed ones), like a
  // real client, so the handler's Query of the client's policies does not grow through the run.
  const floorClients = await Promise.all(options.portalClients.map(() => createClient('floor')));
  const replayClients = await Promise.all(options.portalClients.map(() => createClient('replay')));
  const revisions = new Map<string, number>();
  const payer = options.payers[0]!;
  const submitWarmUp = options.portalClients.length;
  const dateFor = (iteration: number) =>
    `2026-${String(1 + (iteration % 12)).padStart(2, '0')}-${String(1 + (iteration % 27)).padStart(2, '0')}`;

  /**
   * The three items createPolicy writes for a portal Secondary, built with the repository's own builders; with
   * `guards`, also the handler's two ConditionChecks (the floor counts only what is written).
   */
  const submitTransaction = (clientId: string, iteration: number, guards = false) => {
    const now = new Date();
    const at = now.toISOString();
    const policyId = table.ids.newId(now.getTime());
    const body = portalPolicyBody({ priority: 'secondary', effectiveDate: dateFor(iteration), payerId: payer.payerId });
    const actor = { kind: 'client' as const, id: clientId };
    const record = {
      policyId,
      clientId,
      priority: 'secondary' as const,
      status: 'active' as const,
      source: 'client' as const,
      payer: { payerId: payer.payerId, name: payer.name, enteredName: null },
      payerMatch: { state: 'matched' as const, matchedBy: 'selected' as const, suggestions: [] },
      insuranceType: 'group_health_plan' as const,
      memberId: body.memberId,
      groupNumber: body.groupNumber,
      planName: body.planName,
      planId: null,
      relationship: 'self' as const,
      subscriber: null,
      effectiveDate: body.effectiveDate,
      endDate: null,
      copayCents: null,
      deductibleCents: null,
      employerOrSchool: null,
      attachments: [],
      clientEntered: body,
      reviewed: false,
      reviewedAt: null,
      createdAt: at,
      createdBy: actor,
      updatedAt: at,
      version: 1,
      endedBy: null,
    };
    const revision = revisions.get(clientId) ?? 0;
    revisions.set(clientId, revision + 1);
    const {
      clientEntered: _entered,
      createdAt: _c,
      createdBy: _b,
      updatedAt: _u,
      version: _v,
      policyId: _p,
      clientId: _cl,
      ...auditView
    } = record;
    const items = [
      { Put: { Item: table.policies.policyItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
      // The client item's update as insertPolicy builds it: this policy's summary, the last activity and the
      // conditional revision bump (the client's summaries exist: the fixture's clients are created by the API).
      table.policies.clientAfterPolicyWrite({ clientId, policyRevision: revision, policySummaries: {} }, [record], [record], at, {
        policyRevision: revision + 1,
        intakeInsurance: 'added',
      }),
      table.audit.auditPut({
        scopePk: keys.clientPk(clientId),
        actor,
        action: 'policy.created',
        entity: { type: 'policy', id: policyId },
        before: null,
        after: auditView,
        at,
      }),
      ...(guards
        ? [
            table.settings.whilePracticeCollectsInsurance(() => new Error('not collecting')),
            table.payers.payerStillNamed({ payerId: payer.payerId, name: payer.name, mustBeActive: true }),
          ]
        : []),
    ];
    return new TransactWriteCommand({
      TransactItems: items.map((item) => {
        // As table-io's transactWrite sends it: the one operation, with the table name (no error mapping).
        const [kind, operation] = Object.entries(item).find(([key]) => key !== 'onConditionFailed')!;
        return { [kind]: { TableName: tableName, ...(operation as object) } };
      }),
    });
  };

  let submitResponseBytes = 0;
  const submitSamples = await interleaved(options.submitIterations, submitWarmUp, {
    api: async (iteration) => {
      const client = options.portalClients[iteration % options.portalClients.length]!;
      const response = await timedRequest(stack.url, 'POST', '/api/portal/policies', {
        token: client.token,
        body: portalPolicyBody({ priority: 'secondary', effectiveDate: dateFor(iteration), payerId: payer.payerId }),
      });
      if (response.status !== 201) throw new Error(`submit answered ${response.status} ${JSON.stringify(response.body)}`);
      submitResponseBytes = response.bytes;
      return response.ms;
    },
    floor: (iteration) => {
      const clientId = floorClients[iteration % floorClients.length]!;
      return timed(() => dynamo.send(submitTransaction(clientId, iteration)));
    },
    replay: (iteration) => {
      const clientId = replayClients[iteration % replayClients.length]!;
      return timed(async () => {
        await clientWithPoliciesQuery(keys.clientPk(clientId));
        await dynamo.send(submitTransaction(clientId, iteration, true));
      });
    },
  });

  return {
    chartRead: compare(chartSamples, chartWarmUp, chartResponseBytes),
    submit: compare(submitSamples, submitWarmUp, submitResponseBytes),
    portalList: compare(portalListSamples, portalWarmUp, portalListBytes),
    portalTypeahead: compare(typeaheadSamples, portalWarmUp, typeaheadBytes),
  };
}
