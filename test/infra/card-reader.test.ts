/**
 * The card reader's function (infra/constructs/card-reader.ts): its own ARM64 function on the table's stream,
 * woken for policies only, sized from the bench, allowed to read kept attachments and write the table — and
 * nothing else (no uploads/, no writes to the bucket, no Cognito, no mail).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getAtt, grantedToRole, joined, logicalId, ref, resource, resources, roleIdOf } from './template-queries.ts';
import { synthPractice, type SynthesizedPractice } from './synth.ts';
import { tableDefinition } from '../../functions/data/table-definition.ts';

let practice: SynthesizedPractice;
beforeAll(() => {
  practice = synthPractice('demo');
});

describe('card reader function', () => {
  it('runs on ARM64 with memory and timeout from the measurements, sharp and tesseract.js installed beside it', () => {
    const { stack, template } = practice;
    const props = resource(template, logicalId(stack, stack.cardReader.fn)).Properties!;
    expect(props).toMatchObject({ Architectures: ['arm64'], MemorySize: 2048, Timeout: 90 });
    expect(props.Environment.Variables).toMatchObject({ UPLOAD_BUCKET_NAME: ref(logicalId(stack, stack.uploads.bucket)) });
  });

  it('wakes only for policy inserts and updates, with bisection, partial batch responses and a failure queue', () => {
    const { stack, template } = practice;
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: getAtt(logicalId(stack, stack.data.table), 'StreamArn'),
      FunctionName: ref(logicalId(stack, stack.cardReader.fn)),
      FilterCriteria: {
        Filters: [
          { Pattern: JSON.stringify({ eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { itemType: { S: ['policy'] } } } }) },
        ],
      },
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: getAtt(logicalId(stack, stack.cardReader.failedRecords)) } },
    });
  });

  it('may read attachments and write the table, and nothing more', () => {
    const { stack, template } = practice;
    const fnResource = resource(template, logicalId(stack, stack.cardReader.fn));
    const fnProps = fnResource.Properties!;
    const granted = grantedToRole(resources(template), roleIdOf(fnResource));
    const table = getAtt(logicalId(stack, stack.data.table));
    const key = getAtt(logicalId(stack, stack.key.key));
    const queue = getAtt(logicalId(stack, stack.cardReader.failedRecords));
    const streamArn = getAtt(logicalId(stack, stack.data.table), 'StreamArn');
    const logs = getAtt(fnProps.LoggingConfig.LogGroup.Ref);
    const expected: [string, unknown][] = [
      ['logs:CreateLogStream', logs],
      ['logs:PutLogEvents', logs],
      ['xray:PutTraceSegments', '*'],
      ['xray:PutTelemetryRecords', '*'],
      ...['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'].flatMap((action): [string, unknown][] => [
        [action, table],
        // Every index of the one table definition (a table read grant covers its indexes).
        ...tableDefinition.globalSecondaryIndexes.map((index): [string, unknown] => [action, joined(table, `/index/${index.indexName}`)]),
      ]),
      ...['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'].map(
        (action): [string, unknown] => [action, table],
      ),
      ['s3:GetObject', joined(getAtt(logicalId(stack, stack.uploads.bucket)), '/attachments/*')],
      // The stream (event source mapping) and its failure queue.
      ['dynamodb:ListStreams', '*'],
      ...['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'].map((action): [string, unknown] => [
        action,
        streamArn,
      ]),
      ...['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'].map((action): [string, unknown] => [action, queue]),
      ...['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'].map(
        (action): [string, unknown] => [action, key],
      ),
    ];
    const expectedPairs = new Set(expected.map(([action, res]) => `${action} ON ${JSON.stringify(res)}`));
    expect([...granted].filter((pair) => !expectedPairs.has(pair))).toEqual([]);
    expect([...expectedPairs].filter((pair) => !granted.has(pair) && !pair.startsWith('sqs:GetQueue') && !pair.startsWith('kms:'))).toEqual(
      [],
    );
    for (const pair of granted) expect(pair).not.toMatch(/s3:(PutObject|DeleteObject)|uploads\/|cognito|ses:/);
  });
});
