/**
 * Reads the table's DynamoDB Local stream and invokes the stream handler with real `DynamoDBStreamEvent`
 * batches, the way Lambda's event source mapping does in AWS (with ReportBatchItemFailures on):
 *
 * - Shards are read in order, a child only after its parent is finished, one batch at a time, so the records
 *   of one item reach the handler in the order they were written.
 * - `batchItemFailures`: everything before the first failed record is done; the batch is re-invoked from that
 *   record on, after a short backoff. A handler that throws, or names a record that is not in the batch, fails
 *   the whole batch. (Lambda's BisectBatchOnFunctionError, simplified: after a multi-record batch throws, the
 *   rest of that batch is re-invoked one record at a time, so only the record that really fails is parked.)
 * - A record that has failed `maxAttempts` times is parked: one JSON line in `parkedFile`, one log entry — both
 *   without item contents (items hold PHI) — and the poller moves on, like an on-failure destination.
 * - Where to start: per-shard checkpoints (the last handled sequence number) are kept in `checkpointFile`, so a
 *   restart neither reprocesses nor skips anything; a shard without a checkpoint is read from TRIM_HORIZON
 *   (everything the stream still holds, 24 h), so records written before the poller started — the seed data,
 *   writes during startup — are processed too. Delivery is at least once, as in AWS: a record whose batch was
 *   in flight when the process died is delivered again; the handler must be idempotent anyway.
 *
 * This module is the loop (shards, batches, retries); record conversion lives in stream-records.ts, Lambda's
 * batch-failure rules in batch-outcome.ts, checkpoints and parking in stream-checkpoints.ts.
 */
import path from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamsRecord,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { outcomeOfResponse, outcomeOfThrow, type InvocationOutcome } from './batch-outcome.ts';
import { appendParkedRecord, parkedRecord, StreamCheckpoints } from './stream-checkpoints.ts';
import { sequenceNumberOf, toLambdaRecord } from './stream-records.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface StreamPoller {
  /** Finishes the batch in flight (retries are cut short), saves the checkpoints and stops polling. */
  stop(): Promise<void>;
  /** Resolves when every record written so far has been handled (or parked). For tests. */
  drain(): Promise<void>;
}

export interface StreamPollerOptions {
  endpoint: string;
  tableName: string;
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
  /** Records per invocation at most (Lambda's default for DynamoDB streams: 100). */
  batchSize?: number;
  /** Pause after a poll that found nothing. Default 100 ms: write-to-handler lag stays well under a second. */
  pollIntervalMs?: number;
  /** Failed invocations a record gets before it is parked. Default 3. */
  maxAttempts?: number;
  /** First retry delay; doubled per attempt, at most 2 s. Default 100 ms. */
  retryDelayMs?: number;
  /** JSON lines, one per parked record. */
  parkedFile: string;
  /** Per-shard checkpoints. Default: `stream-checkpoints.json` next to `parkedFile`; `null` keeps them in memory. */
  checkpointFile?: string | null;
  /** `awsRegion` in the records. Default 'us-east-1'. */
  region?: string;
  /** Structured entries (`level`, `message`, …); never item contents. */
  log: (entry: Record<string, unknown>) => void;
}

const DEFAULT_BATCH_SIZE = 100;
const DEFAULT_POLL_INTERVAL_MS = 100;
const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_RETRY_DELAY_MS = 100;
const MAX_RETRY_DELAY_MS = 2_000;
/** How often the shard list is re-read when nothing suggests it changed. */
const SHARD_REFRESH_INTERVAL_MS = 1_000;
/** Pause after an error talking to DynamoDB Local (e.g. it is restarting). */
const ERROR_BACKOFF_MS = 1_000;
const MAX_ERROR_MESSAGE_LENGTH = 300;

interface ShardState {
  shardId: string;
  parentShardId: string | undefined;
  iterator: string | undefined;
  /** No more records will ever appear in it: it is closed and read to the end, or gone. */
  finished: boolean;
}

interface PendingDrain {
  resolve(): void;
  reject(error: Error): void;
}

export function startStreamPoller(options: StreamPollerOptions): StreamPoller {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  const region = options.region ?? 'us-east-1';
  const checkpointFile =
    options.checkpointFile === undefined ? path.join(path.dirname(options.parkedFile), 'stream-checkpoints.json') : options.checkpointFile;
  const { log } = options;

  const clientConfig = {
    endpoint: options.endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 },
  };
  const dynamodb = new DynamoDBClient(clientConfig);
  const streams = new DynamoDBStreamsClient(clientConfig);

  let stopped = false;
  let streamArn: string | undefined;
  const shards = new Map<string, ShardState>();
  let lastShardRefreshAt = 0;
  let shardListMayHaveChanged = true;
  const checkpoints = new StreamCheckpoints(checkpointFile, log);
  let pendingDrains: PendingDrain[] = [];
  /** Why a record last failed, for its parked entry. */
  const lastFailureReason = new Map<string, string>();
  let wakeUp: (() => void) | undefined;

  /** Waits `ms`, or less if woken (drain() or stop()). */
  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(finish, ms);
      function finish(): void {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = finish;
    });

  // ---------------------------------------------------------------------------------------------------------
  // Stream and shards

  async function describeStreamArn(): Promise<string> {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: options.tableName }));
    if (!Table?.LatestStreamArn || !Table.StreamSpecification?.StreamEnabled) {
      throw new Error(`Table ${options.tableName} has no stream enabled`);
    }
    return Table.LatestStreamArn;
  }

  async function refreshShards(arn: string): Promise<void> {
    const listed = new Set<string>();
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        if (!shard.ShardId) continue;
        listed.add(shard.ShardId);
        if (!shards.has(shard.ShardId)) {
          shards.set(shard.ShardId, {
            shardId: shard.ShardId,
            parentShardId: shard.ParentShardId,
            iterator: undefined,
            finished: false,
          });
        }
      }
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    // Shards past the retention period are no longer listed; forget them and their checkpoints.
    for (const shardId of [...shards.keys()]) {
      if (!listed.has(shardId)) {
        shards.delete(shardId);
        checkpoints.forget(shardId);
      }
    }
    lastShardRefreshAt = Date.now();
    shardListMayHaveChanged = false;
  }

  /** A child shard continues its parent's items: read it only once the parent is done (or gone). */
  function isReadable(shard: ShardState): boolean {
    if (shard.finished) return false;
    const parent = shard.parentShardId === undefined ? undefined : shards.get(shard.parentShardId);
    return parent === undefined || parent.finished;
  }

  async function shardIterator(shard: ShardState, arn: string): Promise<string | undefined> {
    const checkpoint = checkpoints.of(shard.shardId);
    const request = (type: ShardIteratorType, sequenceNumber?: string) =>
      streams.send(
        new GetShardIteratorCommand({
          StreamArn: arn,
          ShardId: shard.shardId,
          ShardIteratorType: type,
          SequenceNumber: sequenceNumber,
        }),
      );
    try {
      const response = checkpoint ? await request('AFTER_SEQUENCE_NUMBER', checkpoint) : await request('TRIM_HORIZON');
      return response.ShardIterator;
    } catch (error) {
      if (errorName(error) !== 'TrimmedDataAccessException') throw error;
      // The checkpoint is older than the retention period: what lay between is gone.
      log({
        level: 'WARN',
        message: 'Stream records expired before they were handled; continuing from the oldest record',
        shardId: shard.shardId,
      });
      checkpoints.forget(shard.shardId);
      return (await request('TRIM_HORIZON')).ShardIterator;
    }
  }

  /** One GetRecords on one shard, delivered. Returns whether the shard had anything to do. */
  async function readShard(shard: ShardState, arn: string): Promise<boolean> {
    shard.iterator ??= await shardIterator(shard, arn);
    if (shard.iterator === undefined) {
      shard.finished = true;
      shardListMayHaveChanged = true;
      return false;
    }
    let response;
    try {
      response = await streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: batchSize }));
    } catch (error) {
      const name = errorName(error);
      if (name === 'ExpiredIteratorException' || name === 'TrimmedDataAccessException') {
        // Iterators live 15 minutes; a fresh one from the checkpoint continues where we were.
        shard.iterator = undefined;
        return true;
      }
      throw error;
    }
    const records = response.Records ?? [];
    if (records.length > 0) {
      const delivered = await deliver(shard, records, arn);
      // Stopped mid-batch: keep the iterator as it was; the checkpoint decides where the next start resumes.
      if (!delivered) return true;
    }
    shard.iterator = response.NextShardIterator;
    if (shard.iterator === undefined) {
      // Closed and read to the end: its children may now be read.
      shard.finished = true;
      shardListMayHaveChanged = true;
    }
    return records.length > 0;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Delivery, retries, parking

  /** Returns false if stopped before the batch was fully handled. */
  async function deliver(shard: ShardState, rawRecords: StreamsRecord[], arn: string): Promise<boolean> {
    let pending = rawRecords.map((record) => toLambdaRecord(record, arn, region));
    /** Failed invocations per sequence number, within this batch. */
    const failures = new Map<string, number>();
    let oneAtATime = false;

    const commit = (record: DynamoDBRecord): Promise<void> => checkpoints.commit(shard.shardId, record);

    while (pending.length > 0) {
      if (stopped) return false;
      const head = pending[0] as DynamoDBRecord;
      const headSequenceNumber = sequenceNumberOf(head);
      const headFailures = failures.get(headSequenceNumber) ?? 0;
      if (headFailures >= maxAttempts) {
        await park(shard, head, headFailures);
        await commit(head);
        pending = pending.slice(1);
        continue;
      }

      const batch = oneAtATime ? pending.slice(0, 1) : pending;
      const outcome = await invoke(batch);
      for (const sequenceNumber of outcome.failedSequenceNumbers) {
        failures.set(sequenceNumber, (failures.get(sequenceNumber) ?? 0) + 1);
      }
      const handledCount = outcome.firstFailedIndex ?? batch.length;
      if (handledCount > 0) {
        await commit(batch[handledCount - 1] as DynamoDBRecord);
        pending = pending.slice(handledCount);
      }
      if (outcome.firstFailedIndex === undefined) continue;

      if (outcome.threw && batch.length > 1) oneAtATime = true;
      const failed = pending[0] as DynamoDBRecord;
      const attempts = failures.get(sequenceNumberOf(failed)) ?? 0;
      lastFailureReason.set(sequenceNumberOf(failed), outcome.reason);
      if (attempts < maxAttempts) {
        log({
          level: 'WARN',
          message: 'Stream handler failed; retrying',
          eventID: failed.eventID,
          sequenceNumber: sequenceNumberOf(failed),
          attempt: attempts,
          maxAttempts,
          error: outcome.reason,
        });
        await pause(Math.min(retryDelayMs * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS));
      }
    }
    return true;
  }

  async function invoke(batch: DynamoDBRecord[]): Promise<InvocationOutcome> {
    try {
      return outcomeOfResponse(batch, await options.handler({ Records: batch }));
    } catch (error) {
      return outcomeOfThrow(batch, truncate(errorMessage(error)));
    }
  }

  async function park(shard: ShardState, record: DynamoDBRecord, attempts: number): Promise<void> {
    const sequenceNumber = sequenceNumberOf(record);
    const entry = parkedRecord(record, shard.shardId, attempts, lastFailureReason.get(sequenceNumber) ?? 'unknown', new Date());
    lastFailureReason.delete(sequenceNumber);
    await appendParkedRecord(options.parkedFile, entry);
    log({ level: 'ERROR', message: 'Stream record parked after repeated failures', ...entry, parkedFile: options.parkedFile });
  }

  // ---------------------------------------------------------------------------------------------------------
  // The loop

  /** One pass over every readable shard. Returns whether any shard had records (or work to redo). */
  async function pollCycle(refreshShardList: boolean): Promise<boolean> {
    streamArn ??= await describeStreamArn();
    const arn = streamArn;
    if (!checkpoints.loaded) await checkpoints.load(arn);
    const refreshDue = Date.now() - lastShardRefreshAt > SHARD_REFRESH_INTERVAL_MS;
    if (refreshShardList || refreshDue || shardListMayHaveChanged) await refreshShards(arn);

    let busy = false;
    // Map iteration follows insertion (DescribeStream's order, oldest first), and a parent finished in this
    // pass makes its child readable later in the same pass.
    for (const shard of shards.values()) {
      if (stopped) return true;
      if (!isReadable(shard)) continue;
      if (await readShard(shard, arn)) busy = true;
    }
    return busy;
  }

  async function run(): Promise<void> {
    while (!stopped) {
      // Only a pass that began after drain() was called can prove that drain()'s records are handled.
      const drainsBeforeThisPass = pendingDrains;
      pendingDrains = [];
      let busy = true;
      try {
        busy = await pollCycle(drainsBeforeThisPass.length > 0);
      } catch (error) {
        if (isStreamGone(error)) {
          // The table (and so its stream) was recreated: start over with the new stream.
          streamArn = undefined;
          checkpoints.reset();
          shards.clear();
        }
        log({ level: 'WARN', message: 'Stream poll failed; retrying', error: truncate(errorMessage(error)) });
        pendingDrains = [...drainsBeforeThisPass, ...pendingDrains];
        if (!stopped) await pause(ERROR_BACKOFF_MS);
        continue;
      }
      if (busy) {
        pendingDrains = [...drainsBeforeThisPass, ...pendingDrains];
      } else {
        for (const drain of drainsBeforeThisPass) drain.resolve();
        if (!stopped && pendingDrains.length === 0) await pause(pollIntervalMs);
      }
    }
  }

  const running = run();

  return {
    drain() {
      if (stopped) return Promise.reject(new Error('Stream poller is stopped'));
      return new Promise<void>((resolve, reject) => {
        pendingDrains.push({ resolve, reject });
        wakeUp?.();
      });
    },
    async stop() {
      if (stopped) return running;
      stopped = true;
      wakeUp?.();
      await running;
      for (const drain of pendingDrains) drain.reject(new Error('Stream poller stopped before draining'));
      pendingDrains = [];
      dynamodb.destroy();
      streams.destroy();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers

function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isStreamGone(error: unknown): boolean {
  return errorName(error) === 'ResourceNotFoundException';
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_MESSAGE_LENGTH ? `${text.slice(0, MAX_ERROR_MESSAGE_LENGTH)}…` : text;
}
