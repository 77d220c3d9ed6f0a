/**
 * Where the stream poller stands, kept across restarts: the last handled sequence number of each shard (so a
 * restart neither reprocesses nor skips anything), and the records it gave up on (parked, like an on-failure
 * destination). Both files hold identifiers only, never item contents (items hold PHI).
 */
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DynamoDBRecord } from 'aws-lambda';
import { keyEntityTypes, sequenceNumberOf } from './stream-records.ts';

/**
 * The sequence numbers saved for `streamArn`, from the checkpoint file's text. A file written for a different
 * stream (the table was recreated) means nothing here: no checkpoints. Throws on text that is not JSON.
 */
export function savedCheckpointsFor(fileText: string, streamArn: string): Record<string, string> {
  const saved = JSON.parse(fileText) as { streamArn?: unknown; shards?: unknown };
  const checkpoints: Record<string, string> = {};
  if (saved.streamArn !== streamArn || typeof saved.shards !== 'object' || saved.shards === null) return checkpoints;
  for (const [shardId, sequenceNumber] of Object.entries(saved.shards)) {
    if (typeof sequenceNumber === 'string') checkpoints[shardId] = sequenceNumber;
  }
  return checkpoints;
}

/** Per-shard checkpoints of one stream, saved to `file` after every change (`null`: kept in memory only). */
export class StreamCheckpoints {
  private byShardId: Record<string, string> = {};
  private streamArn: string | undefined;

  constructor(
    private readonly file: string | null,
    private readonly log: (entry: Record<string, unknown>) => void,
  ) {}

  /** True once `load` has run for the current stream. */
  get loaded(): boolean {
    return this.streamArn !== undefined;
  }

  /** Reads the saved checkpoints of `streamArn`; none when the file is missing, unreadable or another stream's. */
  async load(streamArn: string): Promise<void> {
    this.byShardId = {};
    this.streamArn = streamArn;
    if (!this.file) return;
    try {
      this.byShardId = savedCheckpointsFor(await readFile(this.file, 'utf8'), streamArn);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.log({ level: 'WARN', message: 'Stream checkpoints unreadable; reading shards from TRIM_HORIZON', checkpointFile: this.file });
      }
    }
  }

  /** Forgets everything, e.g. when the stream is gone; `load` must run again before use. */
  reset(): void {
    this.byShardId = {};
    this.streamArn = undefined;
  }

  /** The last handled sequence number of a shard, if any. */
  of(shardId: string): string | undefined {
    return this.byShardId[shardId];
  }

  /** Forgets a shard's checkpoint (its records expired, or the shard itself did); saved with the next commit. */
  forget(shardId: string): void {
    delete this.byShardId[shardId];
  }

  /** Records that `record` of `shardId` is handled (or parked) and saves, so a restart continues after it. */
  async commit(shardId: string, record: DynamoDBRecord): Promise<void> {
    const sequenceNumber = record.dynamodb?.SequenceNumber;
    if (sequenceNumber === undefined) return;
    this.byShardId[shardId] = sequenceNumber;
    await this.save();
  }

  private async save(): Promise<void> {
    if (!this.file || !this.streamArn) return;
    await mkdir(path.dirname(this.file), { recursive: true });
    // Written aside and renamed: a crash mid-write leaves the previous checkpoints, never half a file.
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify({ streamArn: this.streamArn, shards: this.byShardId }, null, 2)}\n`);
    await rename(temporary, this.file);
  }
}

export interface ParkedRecord {
  parkedAt: string;
  eventID: string | undefined;
  eventName: string | undefined;
  sequenceNumber: string;
  shardId: string;
  eventSourceARN: string | undefined;
  keyEntityTypes: Record<string, string>;
  attempts: number;
  error: string;
}

/** The parked line of a record: identifiers only — the keys' entity prefixes, never key values or images. */
export function parkedRecord(record: DynamoDBRecord, shardId: string, attempts: number, error: string, now: Date): ParkedRecord {
  return {
    parkedAt: now.toISOString(),
    eventID: record.eventID,
    eventName: record.eventName,
    sequenceNumber: sequenceNumberOf(record),
    shardId,
    eventSourceARN: record.eventSourceARN,
    keyEntityTypes: keyEntityTypes(record),
    attempts,
    error,
  };
}

/** Appends one JSON line to the parked-records file. */
export async function appendParkedRecord(file: string, entry: ParkedRecord): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(entry)}\n`);
}
