/**
 * The user pool's CustomMessage trigger (infra/constructs/reset-messages.ts): wired to the pool, within Cognito's
 * 5-second wait, allowed to read the table — the client's language and the practice's name — and nothing more.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '../../functions/data/table-definition.ts';
import { synthPractice, type SynthesizedPractice } from './synth.ts';
import { getAtt, grantedToRole, joined, logicalId, resource, resources, roleIdOf } from './template-queries.ts';

let practice: SynthesizedPractice;
beforeAll(() => {
  practice = synthPractice('demo');
});

describe('password-reset message trigger', () => {
  it('is the user pool’s CustomMessage trigger, on ARM64, answering within Cognito’s wait', () => {
    const { stack, template } = practice;
    const fnId = logicalId(stack, stack.resetMessages.fn);
    const pool = resource(template, logicalId(stack, stack.auth.userPool)).Properties!;
    expect(pool.LambdaConfig).toEqual({ CustomMessage: getAtt(fnId) });
    expect(resource(template, fnId).Properties).toMatchObject({ Architectures: ['arm64'], Timeout: 5 });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: getAtt(fnId),
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: getAtt(logicalId(stack, stack.auth.userPool)),
    });
  });

  it('may read the table, and nothing more', () => {
    const { stack, template } = practice;
    const fnResource = resource(template, logicalId(stack, stack.resetMessages.fn));
    const fnProps = fnResource.Properties!;
    const granted = grantedToRole(resources(template), roleIdOf(fnResource));
    const table = getAtt(logicalId(stack, stack.data.table));
    const key = getAtt(logicalId(stack, stack.key.key));
    const logs = getAtt(fnProps.LoggingConfig.LogGroup.Ref);
    const expected: [string, unknown][] = [
      ['logs:CreateLogStream', logs],
      ['logs:PutLogEvents', logs],
      ['xray:PutTraceSegments', '*'],
      ['xray:PutTelemetryRecords', '*'],
      ...['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'].flatMap((action): [string, unknown][] => [
        [action, table],
        ...tableDefinition.globalSecondaryIndexes.map((index): [string, unknown] => [action, joined(table, `/index/${index.indexName}`)]),
      ]),
      ...['kms:Decrypt', 'kms:DescribeKey'].map((action): [string, unknown] => [action, key]),
    ];
    const expectedPairs = new Set(expected.map(([action, res]) => `${action} ON ${JSON.stringify(res)}`));
    expect([...granted].filter((pair) => !expectedPairs.has(pair))).toEqual([]);
    expect([...expectedPairs].filter((pair) => !granted.has(pair))).toEqual([]);
  });
});
