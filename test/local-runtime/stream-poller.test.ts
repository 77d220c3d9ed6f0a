/**
 * The local stream poller against a real DynamoDB Local. Each test writes to its own table (same shape as the
 * app's, stream on), so every poller reads its stream from TRIM_HORIZON without seeing another test's records.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/bootstrap.ts';
import { startLocalServices, type LocalServices } from '../../infra/local/services.ts';
import { startStreamPoller, type StreamPoller, type StreamPollerOptions } from '../../infra/local/stream-poller.ts';

let dataDir: string;
let services: LocalServices;
let dynamodb: DynamoDBClient;
const pollers: StreamPoller[] = [];
let tableCounter = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'portal-stream-poller-'));
  services = await startLocalServices({ dataDir });
  dynamodb = new DynamoDBClient({
    endpoint: services.endpoints.dynamodb,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
});

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
});

afterAll(async () => {
  dynamodb?.destroy();
  await services?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function createStreamTable(): Promise<string> {
  tableCounter += 1;
  const tableName = `poller-test-${tableCounter}`;
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  return tableName;
}

function startPoller(
  tableName: string,
  handler: StreamPollerOptions['handler'],
  overrides: Partial<StreamPollerOptions> = {},
): StreamPoller {
  const poller = startStreamPoller({
    endpoint: services.endpoints.dynamodb,
    tableName,
    handler,
    parkedFile: path.join(dataDir, `${tableName}-parked.jsonl`),
    checkpointFile: null,
    retryDelayMs: 10,
    log: () => {},
    ...overrides,
  });
  pollers.push(poller);
  return poller;
}

async function putItem(tableName: string, item: Record<string, string>): Promise<void> {
  const attributes: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(item)) attributes[name] = { S: value };
  await dynamodb.send(new PutItemCommand({ TableName: tableName, Item: attributes }));
}

const skOf = (record: DynamoDBRecord): string | undefined => record.dynamodb?.Keys?.sk?.S;
const sequenceNumberOf = (record: DynamoDBRecord): string => record.dynamodb?.SequenceNumber ?? '';
const parkedEntries = async (tableName: string): Promise<Record<string, unknown>[]> => {
  const text = await readFile(path.join(dataDir, `${tableName}-parked.jsonl`), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
};

describe('stream poller', () => {
  test('a put, an update and a delete arrive as INSERT, MODIFY and REMOVE with both images', async () => {
    const tableName = await createStreamTable();
    const received: DynamoDBRecord[] = [];
    const poller = startPoller(tableName, async (event) => {
      received.push(...event.Records);
    });
    const key = { pk: { S: 'CLIENT#c1' }, sk: { S: 'POLICY#p1' } };
    await putItem(tableName, { pk: 'CLIENT#c1', sk: 'POLICY#p1', status: 'new' });
    await dynamodb.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET #status = :status, payload = :payload',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': { S: 'changed' },
          ':payload': { M: { count: { N: '2' }, bytes: { B: new Uint8Array([1, 2, 3]) }, flag: { BOOL: true } } },
        },
      }),
    );
    await dynamodb.send(new DeleteItemCommand({ TableName: tableName, Key: key }));
    await poller.drain();

    expect(received.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    const [insert, modify, remove] = received as [DynamoDBRecord, DynamoDBRecord, DynamoDBRecord];
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    for (const record of received) {
      expect(record).toMatchObject({
        eventSource: 'aws:dynamodb',
        awsRegion: 'us-east-1',
        eventSourceARN: Table?.LatestStreamArn,
        dynamodb: { Keys: key, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      });
      expect(record.eventID).toEqual(expect.any(String));
      expect(record.dynamodb?.SizeBytes).toBeGreaterThan(0);
      // Lambda's shape: whole epoch seconds, not a Date.
      expect(Number.isInteger(record.dynamodb?.ApproximateCreationDateTime)).toBe(true);
      expect(Math.abs((record.dynamodb?.ApproximateCreationDateTime ?? 0) - Date.now() / 1000)).toBeLessThan(120);
    }
    const sequenceNumbers = received.map((record) => BigInt(sequenceNumberOf(record)));
    expect([...sequenceNumbers].sort((a, b) => (a < b ? -1 : 1))).toEqual(sequenceNumbers);

    expect(insert.dynamodb?.OldImage).toBeUndefined();
    expect(insert.dynamodb?.NewImage?.status).toEqual({ S: 'new' });
    expect(modify.dynamodb?.OldImage?.status).toEqual({ S: 'new' });
    expect(modify.dynamodb?.NewImage?.status).toEqual({ S: 'changed' });
    // Binary values are base64 in Lambda events.
    expect(modify.dynamodb?.NewImage?.payload).toEqual({
      M: { count: { N: '2' }, bytes: { B: 'AQID' }, flag: { BOOL: true } },
    });
    expect(remove.dynamodb?.NewImage).toBeUndefined();
    expect(remove.dynamodb?.OldImage?.status).toEqual({ S: 'changed' });
  });

  test('a write reaches the handler well within a second', async () => {
    const tableName = await createStreamTable();
    const arrivals = new Map<string, number>();
    const poller = startPoller(tableName, async (event) => {
      for (const record of event.Records) arrivals.set(skOf(record) ?? '', performance.now());
    });
    await poller.drain();
    const lags: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      const sk = `ITEM#${index}`;
      const writtenAt = performance.now();
      await putItem(tableName, { pk: 'LAG#1', sk });
      await expect.poll(() => arrivals.has(sk), { timeout: 2_000, interval: 5 }).toBe(true);
      lags.push((arrivals.get(sk) ?? Number.POSITIVE_INFINITY) - writtenAt);
    }
    expect(Math.max(...lags)).toBeLessThan(1_000);
  });

  test('a reported batch item failure re-delivers that record and the later ones, never the earlier ones', async () => {
    const tableName = await createStreamTable();
    // Written before the poller starts, so that the first GetRecords returns all five in one batch.
    for (let index = 1; index <= 5; index += 1) await putItem(tableName, { pk: 'CLIENT#c2', sk: `ITEM#${index}` });
    const invocations: string[][] = [];
    let failedOnce = false;
    const poller = startPoller(tableName, async (event): Promise<DynamoDBBatchResponse | void> => {
      invocations.push(event.Records.map((record) => skOf(record) ?? '?'));
      const third = event.Records.find((record) => skOf(record) === 'ITEM#3');
      if (third && !failedOnce) {
        failedOnce = true;
        return { batchItemFailures: [{ itemIdentifier: sequenceNumberOf(third) }] };
      }
    });
    await poller.drain();

    expect(invocations).toEqual([
      ['ITEM#1', 'ITEM#2', 'ITEM#3', 'ITEM#4', 'ITEM#5'],
      ['ITEM#3', 'ITEM#4', 'ITEM#5'],
    ]);
    expect(await parkedEntries(tableName)).toEqual([]);
  });

  test('a record that fails every time is parked after maxAttempts without its contents, and later records still arrive', async () => {
    const tableName = await createStreamTable();
    const phiCanary = 'Jane Canary 1970-01-01';
    await putItem(tableName, { pk: 'CLIENT#zulu-quokka', sk: 'POLICY#a', memberName: 'A' });
    await putItem(tableName, { pk: 'CLIENT#zulu-quokka', sk: 'POLICY#poison', memberName: phiCanary });
    await putItem(tableName, { pk: 'CLIENT#zulu-quokka', sk: 'POLICY#c', memberName: 'C' });
    const seen: string[] = [];
    const logEntries: Record<string, unknown>[] = [];
    const poller = startPoller(
      tableName,
      async (event) => {
        seen.push(...event.Records.map((record) => skOf(record) ?? '?'));
        const poison = event.Records.find((record) => skOf(record) === 'POLICY#poison');
        return { batchItemFailures: poison ? [{ itemIdentifier: sequenceNumberOf(poison) }] : [] };
      },
      { maxAttempts: 3, log: (entry) => logEntries.push(entry) },
    );
    await poller.drain();

    expect(seen.filter((sk) => sk === 'POLICY#poison')).toHaveLength(3);
    expect(seen.filter((sk) => sk === 'POLICY#a')).toHaveLength(1);
    expect(seen.at(-1)).toBe('POLICY#c');
    const parked = await parkedEntries(tableName);
    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject({
      eventName: 'INSERT',
      keyEntityTypes: { pk: 'CLIENT', sk: 'POLICY' },
      attempts: 3,
      error: 'reported in batchItemFailures',
    });
    expect(parked[0]?.sequenceNumber).toEqual(expect.stringMatching(/^\d+$/));
    const parkedLog = logEntries.find((entry) => entry.level === 'ERROR');
    expect(parkedLog).toMatchObject({ eventID: parked[0]?.eventID, sequenceNumber: parked[0]?.sequenceNumber });
    const everythingWritten = JSON.stringify(parked) + JSON.stringify(logEntries);
    expect(everythingWritten).not.toContain('Canary');
    expect(everythingWritten).not.toContain('poison');
    // A client id made of letters no event id, sequence number or shard id (digits and hex) can contain by chance.
    expect(everythingWritten).not.toContain('zulu-quokka');
  });

  test('a handler that throws has only the record that keeps failing parked', async () => {
    const tableName = await createStreamTable();
    for (const sk of ['ITEM#1', 'ITEM#poison', 'ITEM#3']) await putItem(tableName, { pk: 'CLIENT#c4', sk });
    const handled: string[] = [];
    const invocationsWithPoison: number[] = [];
    const poller = startPoller(
      tableName,
      async (event) => {
        if (event.Records.some((record) => skOf(record) === 'ITEM#poison')) {
          invocationsWithPoison.push(event.Records.length);
          throw new Error('handler broke');
        }
        handled.push(...event.Records.map((record) => skOf(record) ?? '?'));
      },
      { maxAttempts: 3 },
    );
    await poller.drain();

    expect(handled).toEqual(['ITEM#1', 'ITEM#3']);
    // Once in the whole batch, then alone until it is parked.
    expect(invocationsWithPoison).toEqual([3, 1, 1]);
    const parked = await parkedEntries(tableName);
    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject({ attempts: 3, error: 'handler broke' });
  });

  test('a restarted poller continues after the last handled record', async () => {
    const tableName = await createStreamTable();
    const checkpointFile = path.join(dataDir, `${tableName}-checkpoints.json`);
    const firstRun: string[] = [];
    const first = startPoller(tableName, async (event) => void firstRun.push(...event.Records.map((r) => skOf(r) ?? '?')), {
      checkpointFile,
    });
    await putItem(tableName, { pk: 'CLIENT#c5', sk: 'ITEM#1' });
    await putItem(tableName, { pk: 'CLIENT#c5', sk: 'ITEM#2' });
    await first.drain();
    await first.stop();
    await putItem(tableName, { pk: 'CLIENT#c5', sk: 'ITEM#3' });

    const secondRun: string[] = [];
    const second = startPoller(tableName, async (event) => void secondRun.push(...event.Records.map((r) => skOf(r) ?? '?')), {
      checkpointFile,
    });
    await second.drain();

    expect(firstRun).toEqual(['ITEM#1', 'ITEM#2']);
    expect(secondRun).toEqual(['ITEM#3']);
  });

  test('drain() after stop() rejects instead of hanging', async () => {
    const tableName = await createStreamTable();
    const poller = startPoller(tableName, async () => {});
    await poller.drain();
    await poller.stop();
    await expect(poller.drain()).rejects.toThrow(/stopped/);
  });
});
