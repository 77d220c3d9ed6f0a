import { Duration } from 'aws-cdk-lib';
import { type UserPool, UserPoolOperation } from 'aws-cdk-lib/aws-cognito';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';
import { customMessageEntry } from '../paths.ts';
import { bindTable } from './bindings.ts';
import { PortalFunction } from './portal-function.ts';

export interface ResetMessagesProps {
  userPool: UserPool;
  table: Table;
  key: IKey;
  logRetention: RetentionDays;
  logLevel: string;
}

/**
 * The user pool's CustomMessage trigger (functions/triggers/custom-message.ts): the forgot-password code email in
 * the client's own language, naming the practice — the pool's template cannot know either. It reads the client and
 * the settings, nothing else; the pool's template remains the fallback if the trigger cannot answer.
 */
export class ResetMessages extends Construct {
  readonly fn: PortalFunction;

  constructor(scope: Construct, id: string, props: ResetMessagesProps) {
    super(scope, id);
    this.fn = new PortalFunction(this, 'Function', {
      entry: customMessageEntry,
      description: 'Cognito CustomMessage: the password-reset email in the client language',
      key: props.key,
      logRetention: props.logRetention,
      logLevel: props.logLevel,
      memorySize: 256,
      // Cognito waits at most 5 s for a trigger; two reads fit well inside it.
      timeout: Duration.seconds(5),
    });
    bindTable(this.fn, { table: props.table, key: props.key, access: 'read' });
    props.userPool.addTrigger(UserPoolOperation.CUSTOM_MESSAGE, this.fn);

    const synchronous =
      'Invoked synchronously by Cognito while it sends a reset code: on a failure Cognito sends the pool template; there is no event to park in a DLQ.';
    const reasons: Record<string, string> = {
      'HIPAA.Security-LambdaDLQ': synchronous,
      'Serverless-LambdaDLQ': synchronous,
      'HIPAA.Security-LambdaConcurrency':
        "Bounded by Cognito's own ForgotPassword quotas per pool; reserving concurrency would draw from the account pool that many practice stacks share.",
      'HIPAA.Security-LambdaInsideVPC':
        'The function only reads DynamoDB over TLS with IAM auth; a VPC would add NAT or endpoint cost without reducing exposure.',
    };
    for (const [ruleId, reason] of Object.entries(reasons)) acknowledge(this.fn, ruleId, reason);
  }
}
