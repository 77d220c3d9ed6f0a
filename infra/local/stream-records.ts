/**
 * DynamoDB Local stream records → the records of a Lambda `DynamoDBStreamEvent`. The Streams API and Lambda
 * carry the same fields in slightly different shapes: Lambda delivers the creation time in epoch seconds (the
 * SDK parses it into a Date), binary values base64-encoded (the SDK gives bytes), and the event source's ARN and
 * region on every record. Pure, so it is unit-tested on its own (test/unit/stream-records.test.ts).
 */
import type { _Record as StreamsRecord, AttributeValue as StreamsAttributeValue } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue as LambdaAttributeValue, DynamoDBRecord } from 'aws-lambda';

export function toLambdaRecord(record: StreamsRecord, eventSourceARN: string, awsRegion: string): DynamoDBRecord {
  const data = record.dynamodb ?? {};
  const creationTime = data.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion,
    eventSourceARN,
    ...(record.userIdentity ? { userIdentity: record.userIdentity } : {}),
    dynamodb: {
      ...(creationTime ? { ApproximateCreationDateTime: Math.floor(creationTime.getTime() / 1000) } : {}),
      ...(data.Keys ? { Keys: toLambdaImage(data.Keys) } : {}),
      ...(data.NewImage ? { NewImage: toLambdaImage(data.NewImage) } : {}),
      ...(data.OldImage ? { OldImage: toLambdaImage(data.OldImage) } : {}),
      SequenceNumber: data.SequenceNumber,
      SizeBytes: data.SizeBytes,
      StreamViewType: data.StreamViewType,
    },
  };
}

function toLambdaImage(image: Record<string, StreamsAttributeValue>): Record<string, LambdaAttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaAttributeValue(value)]));
}

/** Same JSON shape, except that Lambda events carry binary values base64-encoded. */
function toLambdaAttributeValue(value: StreamsAttributeValue): LambdaAttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BS !== undefined) return { BS: value.BS.map((item) => Buffer.from(item).toString('base64')) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaAttributeValue) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  // The Streams client turns an empty map (`{"M":{}}` on the wire) into `{}`: no other attribute value has no
  // member at all, so that is what it was (a client's policy summaries before its first policy, for one).
  if (Object.keys(value).length === 0) return { M: {} };
  throw new Error('Unknown DynamoDB attribute type in stream record');
}

/** The record's position in its shard; '' for a record without one (never seen from DynamoDB). */
export function sequenceNumberOf(record: DynamoDBRecord): string {
  return record.dynamodb?.SequenceNumber ?? '';
}

/**
 * `{ pk: 'CLIENT', sk: 'POLICY' }` from `CLIENT#…`/`POLICY#…`: what a log line or a parked entry may say about a
 * record's keys (items hold PHI; the entity prefixes do not). Anything not shaped like a prefix is withheld.
 */
export function keyEntityTypes(record: DynamoDBRecord): Record<string, string> {
  const keys = record.dynamodb?.Keys ?? {};
  return Object.fromEntries(
    Object.entries(keys).map(([name, value]) => {
      const prefix = value.S?.split('#')[0];
      return [name, prefix !== undefined && /^[A-Za-z_]{1,32}$/.test(prefix) ? prefix : '?'];
    }),
  );
}
