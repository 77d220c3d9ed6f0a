import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface PracticeWebAclProps {
  practiceName: string;
  logRetention: RetentionDays;
  /** Encrypts the WAF's log group. */
  key: IKey;
}

/**
 * AWS WAF in front of the portal's CloudFront distribution (a practice turns it on with `features.waf`): AWS's
 * managed rule groups for bad IP reputation, common exploits and known bad inputs, a per-IP rate limit, and
 * every request logged with the Authorization header redacted. CLOUDFRONT-scoped, so it is created in
 * us-east-1 only (the practice config refuses anything else).
 */
export class PracticeWebAcl extends Construct {
  /** What CloudFront's `webAclId` takes. */
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: PracticeWebAclProps) {
    super(scope, id);
    const managedRule = (name: string, priority: number): CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: false },
    });
    const webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'portal-web-acl', sampledRequestsEnabled: false },
      rules: [
        managedRule('AWSManagedRulesAmazonIpReputationList', 0),
        managedRule('AWSManagedRulesCommonRuleSet', 1),
        managedRule('AWSManagedRulesKnownBadInputsRuleSet', 2),
        {
          // A practice's real traffic is a few people at a time; this stops password spraying and scraping.
          name: 'RateLimitPerIp',
          priority: 3,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: 'IP' } },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'RateLimitPerIp', sampledRequestsEnabled: false },
        },
      ],
    });
    // WAF only delivers to log groups whose name starts with aws-waf-logs-.
    const wafLogs = new LogGroup(this, 'WebAclLogs', {
      logGroupName: `aws-waf-logs-portal-insurance-${props.practiceName}`,
      retention: props.logRetention,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnLoggingConfiguration(this, 'WebAclLogging', {
      resourceArn: webAcl.attrArn,
      // The log group ARN without the trailing `:*` that LogGroup.logGroupArn carries: WAF rejects it.
      logDestinationConfigs: [`arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:${wafLogs.logGroupName}`],
      // ID tokens must not end up in logs.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }],
    });
    this.webAclArn = webAcl.attrArn;
  }
}
