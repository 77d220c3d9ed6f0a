/**
 * Faults that need a stack of their own (started here, not the suite's shared one): DynamoDB Local hanging, a
 * stream record the handler cannot process, and a stream batch delivered more than once.
 *
 * The database outage is a SIGSTOP of the DynamoDB Local JVM, not a SIGKILL: a stopped JVM behaves like a hung
 * server (the kernel still accepts connections; nothing answers), which is the case the API's timeouts must
 * handle, and SIGCONT brings the same database back with its data — the local runtime does not restart a
 * killed service, so a kill would end the stack rather than test recovery.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, eventually, onboardPortalClient, practitioner, unique, useStack, type ApiResponse } from '../../support/api.ts';
import { contractViolation } from '../../support/contract.ts';
import { startStack, type RunningStack } from '../../support/local-stack.ts';
import { dynamoDbLocalPid, whileFrozen } from '../../support/processes.ts';
import { streamContext, streamRecord } from '../../support/stream.ts';
import { getRaw, partition, table, tableName } from '../../support/table.ts';
import { changedItems, snapshotPartitions } from '../../support/writes.ts';

/** The deployed functions' timeout (infra/constructs/portal-function.ts): past it, API Gateway answers, not the handler. */
const FUNCTION_TIMEOUT_MS = 10_000;

let running: Awaited<ReturnType<typeof startStack>>;
let stack: RunningStack & { serviceProcessIds?: number[]; pid?: number };

beforeAll(async () => {
  running = await startStack('faults');
  stack = running.stack;
  // Every helper (api.ts, table.ts) now talks to this stack; nothing here touches the shared one.
  useStack(stack);
}, 120_000);

afterAll(async () => {
  useStack(undefined);
  await running?.stop();
});

const logLines = () =>
  readFileSync(stack.logFile, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        return {};
      }
    });

describe('DynamoDB hangs mid-run', () => {
  it('the API answers 503 unavailable with Retry-After in time, writes nothing, and the same request succeeds once the database is back', async () => {
    const client = await onboardPortalClient({ insuranceCollection: 'on' });
    const practice = as(await practitioner());
    const policy = { priority: 'primary', payerName: 'Aetna', memberId: 'OUT-1', effectiveDate: '2026-01-01' };
    const clientPartition = `CLIENT#${client.clientId}`;
    const before = await snapshotPartitions([clientPartition, 'PRACTICE']);

    const timed = async (call: () => Promise<ApiResponse>) => {
      const startedAt = Date.now();
      const response = await call();
      return { response, ms: Date.now() - startedAt };
    };
    const [write, read] = await whileFrozen(dynamoDbLocalPid(stack), () =>
      Promise.all([
        timed(() => as(client.token).post('/api/portal/policies', policy)),
        timed(() => practice.get(`/api/clients/${client.clientId}`)),
      ]),
    );

    for (const { response, ms } of [write, read]) {
      expect(contractViolation(response)).toBeUndefined();
      expect(response.status, JSON.stringify(response.body)).toBe(503);
      expect(response.body.error.code).toBe('unavailable');
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      // Soft: a late answer is one failure; whether the refused write still lands later is another, checked next.
      expect.soft(ms, `answered after ${ms} ms`).toBeLessThan(FUNCTION_TIMEOUT_MS);
    }

    // Back: whatever the refused write had in flight must not land now (no policy, no audit event, no
    // client change). Give any leftover work of that request time to surface before looking.
    await new Promise((done) => setTimeout(done, 3_000));
    expect.soft(changedItems(before, await snapshotPartitions([clientPartition, 'PRACTICE'])), 'written after its 503').toEqual([]);

    const retried = await as(client.token).post('/api/portal/policies', policy);
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    const policies = (await partition(clientPartition, 'POLICY#')).map((item) => item.policyId);
    expect(policies).toEqual([retried.body.policyId]);
    const created = (await partition(clientPartition, 'AUDIT#')).filter((item) => item.action === 'policy.created');
    expect(created.map((item) => (item.entity as { id: string }).id)).toEqual([retried.body.policyId]);
  }, 120_000);
});

describe('the stream handler fails on one record', () => {
  it('the records after it are processed; the failing one is retried, then parked and logged without its contents', async () => {
    // An item the handler chokes on: a "policy" still pending, with none of a policy's other fields. It lives in
    // a partition of its own, so no request path ever reads it.
    const sentinel = `PARKED-SENTINEL-${unique('m')}`;
    const poison = {
      pk: `CLIENT#${unique('poison')}`,
      sk: `POLICY#${unique('broken')}`,
      itemType: 'policy',
      payerMatch: { state: 'pending' },
      memberId: sentinel,
    };
    const parkedFile = join(stack.dataDir, 'parked-stream-records.jsonl');
    const parkedBefore = existsSync(parkedFile) ? readFileSync(parkedFile, 'utf8').split('\n').filter(Boolean).length : 0;
    await table().send(new PutCommand({ TableName: tableName(), Item: poison }));

    // A normal submission right behind it, on the same stream.
    const client = await onboardPortalClient({ insuranceCollection: 'on' });
    const created = (
      await as(client.token).post('/api/portal/policies', { priority: 'secondary', payerName: 'Cigna', effectiveDate: '2026-01-01' })
    ).body;
    const practice = as(await practitioner());
    const resolved = await eventually(
      async () => {
        const policy = (await practice.get(`/api/clients/${client.clientId}/policies/${created.policyId}`)).body;
        return policy.payerMatch.state !== 'pending' && policy;
      },
      { timeoutMs: 15_000 },
    );
    expect(resolved.payerMatch).toMatchObject({ state: 'matched', matchedBy: 'name' });

    const parked = await eventually(async () => {
      const lines = existsSync(parkedFile) ? readFileSync(parkedFile, 'utf8').split('\n').filter(Boolean) : [];
      return lines.length > parkedBefore && lines.slice(parkedBefore);
    });
    expect(parked).toHaveLength(1);
    const entry = JSON.parse(parked[0]!);
    expect(entry).toMatchObject({ eventName: 'INSERT', keyEntityTypes: { pk: 'CLIENT', sk: 'POLICY' } });
    expect(entry.attempts).toBeGreaterThan(1);
    for (const secret of [sentinel, poison.pk.slice('CLIENT#'.length), poison.sk.slice('POLICY#'.length)])
      expect(parked[0]).not.toContain(secret);

    const lines = logLines();
    const parkedLog = lines.filter(
      (line) => line.message === 'Stream record parked after repeated failures' && line.sequenceNumber === entry.sequenceNumber,
    );
    expect(parkedLog).toHaveLength(1);
    expect(parkedLog[0]!.level).toBe('ERROR');
    const retries = lines.filter(
      (line) => line.level === 'WARN' && line.message === 'Stream handler failed; retrying' && line.sequenceNumber === entry.sequenceNumber,
    );
    expect(retries).toHaveLength(entry.attempts - 1);
    const log = readFileSync(stack.logFile, 'utf8');
    for (const secret of [sentinel, poison.pk, poison.sk]) expect(log).not.toContain(secret);

    await table().send(new DeleteCommand({ TableName: tableName(), Key: { pk: poison.pk, sk: poison.sk } }));
  }, 60_000);
});

describe('the same stream batch delivered again', () => {
  it('changes nothing the second time (and the poller’s own late delivery neither): no duplicate change or audit event', async () => {
    const practice = as(await practitioner());
    const client = (
      await practice.post('/api/clients', { firstName: 'Replay', lastName: unique('Batch'), email: `${unique('replay')}@example.test` })
    ).body;
    const clientPartition = `CLIENT#${client.clientId}`;
    const lateName = `Lakeview Cooperative ${unique('Plan')}`;

    // The handler modules, in this process, against this stack's table.
    Object.assign(process.env, stack.handlerEnvironment);
    const { handler } = await import('../../../functions/streams/payer-match.ts');
    const { createPortalPolicy } = await import('../../../functions/domain/policies.ts');
    const { InsuranceWriteGuard } = await import('../../../shared/insurance-collection.ts');
    const { PortalUserGuard } = await import('../../../shared/portal-user.ts');
    // Written straight through the domain as the client, who has no portal login here: the guard lets it through.
    const asTheClient = Object.assign(new PortalUserGuard(client.clientId, 'replay-test'), { assert() {} });
    const { createPayer } = await import('../../../functions/domain/payers.ts');

    // While the stack's process (gateway and stream poller) is frozen, write three pending policies and a payer
    // straight through the domain code and deliver their records ourselves, twice — all before the poller can
    // see them, so the first delivery is the one that does the work. The poller delivers them a third time
    // once it thaws.
    const stackPid = running.child.pid!;
    const everything = { includeStreamWork: true };
    const { policyIds, once } = await whileFrozen(stackPid, async () => {
      const submit = (payerName: string) =>
        createPortalPolicy(
          asTheClient,
          new InsuranceWriteGuard(client.clientId),
          { priority: 'secondary', payerName, effectiveDate: '2026-01-01' },
          new Date(),
        );
      const linked = await submit('AETNA, Inc.');
      const waiting = await submit(`Frobozz Mutual ${unique('x')}`);
      const late = await submit(lateName);
      const payer = await createPayer({ name: lateName }, { kind: 'practitioner', id: 'replay-test' }, new Date());
      const items = await Promise.all([
        getRaw(clientPartition, `POLICY#${linked.policyId}`),
        getRaw(clientPartition, `POLICY#${waiting.policyId}`),
        getRaw(clientPartition, `POLICY#${late.policyId}`),
        getRaw('PRACTICE', `PAYER#${payer.payerId}`),
      ]);
      const batch = { Records: items.map((item, index) => streamRecord(item!, String(900 + index))) };
      const ids = { linked: linked.policyId, waiting: waiting.policyId, late: late.policyId, payerId: payer.payerId };

      expect(await handler(batch, streamContext())).toEqual({ batchItemFailures: [] });
      const afterFirst = await snapshotPartitions([clientPartition, 'PRACTICE'], everything);
      const stored = (policyId: string) => afterFirst.partitions[clientPartition]!.find((item) => item.sk === `POLICY#${policyId}`)!;
      expect(stored(ids.linked)).toMatchObject({ version: 2, payerMatch: { state: 'matched', matchedBy: 'name' } });
      expect(stored(ids.waiting)).toMatchObject({ version: 2, payerMatch: { state: 'needs_payer' } });
      expect(stored(ids.late)).toMatchObject({ version: 2, payer: { payerId: ids.payerId }, payerMatch: { state: 'matched' } });

      expect(await handler(batch, streamContext())).toEqual({ batchItemFailures: [] });
      expect(changedItems(afterFirst, await snapshotPartitions([clientPartition, 'PRACTICE'], everything))).toEqual([]);
      return { policyIds: ids, once: afterFirst };
    });
    // (Thawed: the poller is now catching up on the same records in the background.)

    // The poller's delivery of the real records (each policy's INSERT, then its MODIFY, the payer's INSERT last)
    // comes to the same answer: its writes are conditional on versions that are already gone.
    await eventually(
      async () => {
        const lines = logLines();
        return (
          lines.some((line) => line.policyId === policyIds.waiting && line.outcome === 'stale') &&
          lines.some((line) => line.message === 'waiting policies re-matched' && line.payerId === policyIds.payerId)
        );
      },
      { timeoutMs: 10_000 },
    );
    const after = await snapshotPartitions([clientPartition, 'PRACTICE'], everything);
    // The freeze held: the poller found every decision already made (so the two deliveries above were ours).
    const pollerOutcomes = logLines().filter((line) =>
      [policyIds.linked, policyIds.waiting, policyIds.late].includes(line.policyId as string),
    );
    expect(pollerOutcomes.length).toBeGreaterThanOrEqual(3);
    expect(new Set(pollerOutcomes.map((line) => line.outcome))).toEqual(new Set(['stale']));
    expect(changedItems(once, after)).toEqual([]);
    const payerEvents = after.partitions[clientPartition]!.filter(
      (item) => item.itemType === 'audit' && (item.actor as { kind: string }).kind === 'system',
    );
    expect(payerEvents.map((item) => `${item.action} ${(item.entity as { id: string }).id}`).sort()).toEqual(
      [
        `policy.needs_payer ${policyIds.waiting}`,
        `policy.payer_linked ${policyIds.linked}`,
        `policy.payer_linked ${policyIds.late}`,
      ].sort(),
    );
  }, 60_000);
});
