import type { _Record as StreamsRecord } from '@aws-sdk/client-dynamodb-streams';
import { describe, expect, it } from 'vitest';
import { keyEntityTypes, sequenceNumberOf, toLambdaRecord } from '../../infra/local/stream-records.ts';

const ARN = 'arn:aws:dynamodb:ddblocal:000000000000:table/portal/stream/2026-01-01T00:00:00.000';

function streamRecord(overrides: Partial<StreamsRecord['dynamodb']> = {}): StreamsRecord {
  return {
    eventID: 'e-1',
    eventName: 'MODIFY',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'ddblocal',
    dynamodb: {
      ApproximateCreationDateTime: new Date('2026-03-04T05:06:07.890Z'),
      Keys: { pk: { S: 'CLIENT#c-1' }, sk: { S: 'POLICY#p-1' } },
      NewImage: { pk: { S: 'CLIENT#c-1' }, version: { N: '2' } },
      OldImage: { pk: { S: 'CLIENT#c-1' }, version: { N: '1' } },
      SequenceNumber: '000000000000000000101',
      SizeBytes: 123,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
      ...overrides,
    },
  };
}

describe('a DynamoDB Local stream record as a Lambda event record', () => {
  it('carries the event source ARN and region Lambda adds, and the creation time in epoch seconds', () => {
    const record = toLambdaRecord(streamRecord(), ARN, 'us-east-1');
    expect(record).toMatchObject({
      eventID: 'e-1',
      eventName: 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: ARN,
    });
    expect(record.dynamodb?.ApproximateCreationDateTime).toBe(Math.floor(Date.parse('2026-03-04T05:06:07.890Z') / 1000));
    expect(record.dynamodb).toMatchObject({
      SequenceNumber: '000000000000000000101',
      SizeBytes: 123,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
  });

  it('keeps keys and both images, and leaves out an image the record does not have', () => {
    const modify = toLambdaRecord(streamRecord(), ARN, 'us-east-1');
    expect(modify.dynamodb?.Keys).toEqual({ pk: { S: 'CLIENT#c-1' }, sk: { S: 'POLICY#p-1' } });
    expect(modify.dynamodb?.NewImage).toEqual({ pk: { S: 'CLIENT#c-1' }, version: { N: '2' } });
    expect(modify.dynamodb?.OldImage).toEqual({ pk: { S: 'CLIENT#c-1' }, version: { N: '1' } });
    const insert = toLambdaRecord(streamRecord({ OldImage: undefined }), ARN, 'us-east-1');
    expect(insert.dynamodb).not.toHaveProperty('OldImage');
  });

  it('encodes binary values in base64, as Lambda delivers them, at any depth', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const record = toLambdaRecord(
      streamRecord({
        NewImage: {
          b: { B: bytes },
          bs: { BS: [bytes, new Uint8Array([65])] },
          nested: { M: { list: { L: [{ B: bytes }, { S: 'x' }, { NULL: true }, { BOOL: false }, { NS: ['1', '2'] }, { SS: ['a'] }] } } },
        },
      }),
      ARN,
      'us-east-1',
    );
    const base64 = Buffer.from(bytes).toString('base64');
    expect(record.dynamodb?.NewImage).toEqual({
      b: { B: base64 },
      bs: { BS: [base64, 'QQ=='] },
      nested: { M: { list: { L: [{ B: base64 }, { S: 'x' }, { NULL: true }, { BOOL: false }, { NS: ['1', '2'] }, { SS: ['a'] }] } } },
    });
  });

  it('refuses an attribute of an unknown type instead of passing it on silently', () => {
    expect(() => toLambdaRecord(streamRecord({ NewImage: { odd: { $unknown: ['X', 1] } as never } }), ARN, 'us-east-1')).toThrow(
      /Unknown DynamoDB attribute type/,
    );
  });

  it('reads the member-less value the Streams client makes of an empty map as that empty map', () => {
    const record = toLambdaRecord(
      streamRecord({ NewImage: { policySummaries: {} as never, nested: { M: { empty: {} as never } } } }),
      ARN,
      'us-east-1',
    );
    expect(record.dynamodb?.NewImage).toEqual({ policySummaries: { M: {} }, nested: { M: { empty: { M: {} } } } });
  });

  it('reads the sequence number, or an empty string when a record has none', () => {
    expect(sequenceNumberOf(toLambdaRecord(streamRecord(), ARN, 'us-east-1'))).toBe('000000000000000000101');
    expect(sequenceNumberOf({})).toBe('');
  });
});

describe('what may be said about a record’s keys', () => {
  it('is the entity prefix of each key, never the key value', () => {
    expect(keyEntityTypes(toLambdaRecord(streamRecord(), ARN, 'us-east-1'))).toEqual({ pk: 'CLIENT', sk: 'POLICY' });
  });

  it('withholds anything not shaped like a prefix (a key that is a value, a number key)', () => {
    const record = toLambdaRecord(
      streamRecord({ Keys: { pk: { S: 'jane.doe@example.com' }, sk: { N: '7' }, gsi: { S: 'NAME#Doe' } } }),
      ARN,
      'us-east-1',
    );
    expect(keyEntityTypes(record)).toEqual({ pk: '?', sk: '?', gsi: 'NAME' });
  });
});
