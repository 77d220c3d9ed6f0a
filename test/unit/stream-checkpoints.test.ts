import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendParkedRecord, parkedRecord, savedCheckpointsFor, StreamCheckpoints } from '../../infra/local/stream-checkpoints.ts';

const STREAM = 'arn:aws:dynamodb:ddblocal:000000000000:table/portal/stream/one';
const OTHER_STREAM = 'arn:aws:dynamodb:ddblocal:000000000000:table/portal/stream/two';

const record = (sequenceNumber: string | undefined): DynamoDBRecord => ({
  eventID: `e-${sequenceNumber}`,
  eventName: 'INSERT',
  eventSourceARN: STREAM,
  dynamodb: {
    SequenceNumber: sequenceNumber,
    Keys: { pk: { S: 'CLIENT#c-1' }, sk: { S: 'POLICY#p-1' } },
    NewImage: { firstName: { S: 'Wilhelmina' }, memberId: { S: 'XJ-445566' } },
  },
});

describe('reading saved checkpoints', () => {
  it('returns the sequence numbers saved for this stream', () => {
    const text = JSON.stringify({ streamArn: STREAM, shards: { 'shard-1': '101', 'shard-2': '202' } });
    expect(savedCheckpointsFor(text, STREAM)).toEqual({ 'shard-1': '101', 'shard-2': '202' });
  });

  it('ignores checkpoints of another stream (the table was recreated): its sequence numbers mean nothing here', () => {
    expect(savedCheckpointsFor(JSON.stringify({ streamArn: OTHER_STREAM, shards: { 'shard-1': '101' } }), STREAM)).toEqual({});
  });

  it('keeps only string sequence numbers and tolerates a missing shard map', () => {
    expect(savedCheckpointsFor(JSON.stringify({ streamArn: STREAM, shards: { a: '1', b: 2, c: null } }), STREAM)).toEqual({ a: '1' });
    expect(savedCheckpointsFor(JSON.stringify({ streamArn: STREAM }), STREAM)).toEqual({});
  });

  it('throws on text that is not JSON, so the caller can say the file is unreadable', () => {
    expect(() => savedCheckpointsFor('{ half', STREAM)).toThrow();
  });
});

describe('checkpoints kept in a file', () => {
  let dir: string;
  let logged: Record<string, unknown>[];
  const log = (entry: Record<string, unknown>) => logged.push(entry);
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'portal-checkpoints-'));
    logged = [];
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a commit is saved at once, and a restart reads it back for the same stream only', async () => {
    const file = path.join(dir, 'nested', 'checkpoints.json');
    const first = new StreamCheckpoints(file, log);
    expect(first.loaded).toBe(false);
    await first.load(STREAM);
    expect(first.loaded).toBe(true);
    await first.commit('shard-1', record('101'));
    await first.commit('shard-1', record('105'));
    await first.commit('shard-2', record('7'));

    const restarted = new StreamCheckpoints(file, log);
    await restarted.load(STREAM);
    expect([restarted.of('shard-1'), restarted.of('shard-2'), restarted.of('shard-3')]).toEqual(['105', '7', undefined]);

    const recreatedTable = new StreamCheckpoints(file, log);
    await recreatedTable.load(OTHER_STREAM);
    expect(recreatedTable.of('shard-1')).toBeUndefined();
    expect(logged).toEqual([]);
  });

  it('a forgotten shard is gone from the next save; a record without a sequence number changes nothing', async () => {
    const file = path.join(dir, 'checkpoints.json');
    const checkpoints = new StreamCheckpoints(file, log);
    await checkpoints.load(STREAM);
    await checkpoints.commit('shard-1', record('101'));
    checkpoints.forget('shard-1');
    await checkpoints.commit('shard-2', record(undefined));
    expect(checkpoints.of('shard-2')).toBeUndefined();
    await checkpoints.commit('shard-2', record('9'));
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ streamArn: STREAM, shards: { 'shard-2': '9' } });
  });

  it('a missing file is a fresh start without a warning; an unreadable one is a fresh start with one', async () => {
    const missing = new StreamCheckpoints(path.join(dir, 'absent.json'), log);
    await missing.load(STREAM);
    expect(logged).toEqual([]);

    const file = path.join(dir, 'broken.json');
    await writeFile(file, '{ not json');
    const broken = new StreamCheckpoints(file, log);
    await broken.load(STREAM);
    expect(broken.of('shard-1')).toBeUndefined();
    expect(logged).toEqual([expect.objectContaining({ level: 'WARN', checkpointFile: file })]);
  });

  it('without a file, checkpoints live in memory only', async () => {
    const checkpoints = new StreamCheckpoints(null, log);
    await checkpoints.load(STREAM);
    await checkpoints.commit('shard-1', record('3'));
    expect(checkpoints.of('shard-1')).toBe('3');
    checkpoints.reset();
    expect(checkpoints.loaded).toBe(false);
    expect(checkpoints.of('shard-1')).toBeUndefined();
  });
});

describe('a parked record', () => {
  it('names the record by identifiers and key prefixes, never by its contents', () => {
    const entry = parkedRecord(record('101'), 'shard-1', 3, 'reported in batchItemFailures', new Date('2026-01-02T03:04:05Z'));
    expect(entry).toEqual({
      parkedAt: '2026-01-02T03:04:05.000Z',
      eventID: 'e-101',
      eventName: 'INSERT',
      sequenceNumber: '101',
      shardId: 'shard-1',
      eventSourceARN: STREAM,
      keyEntityTypes: { pk: 'CLIENT', sk: 'POLICY' },
      attempts: 3,
      error: 'reported in batchItemFailures',
    });
    expect(JSON.stringify(entry)).not.toMatch(/Wilhelmina|XJ-445566|c-1|p-1/);
  });

  it('is appended as one JSON line per record', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'portal-parked-'));
    try {
      const file = path.join(dir, 'deep', 'parked.jsonl');
      await appendParkedRecord(file, parkedRecord(record('1'), 's', 3, 'x', new Date(0)));
      await appendParkedRecord(file, parkedRecord(record('2'), 's', 3, 'y', new Date(0)));
      const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
      expect(lines.map((line) => (JSON.parse(line) as { sequenceNumber: string }).sequenceNumber)).toEqual(['1', '2']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
