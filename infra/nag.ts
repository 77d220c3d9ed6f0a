/**
 * cdk-nag: the AWS Solutions, HIPAA Security and Serverless packs run on every synth (cdk-nag 3 registers them as
 * CDK policy-validation plugins), and synth fails on any finding that is not acknowledged here with a reason.
 * Acknowledgements are made on the narrowest construct that produces the finding, through these helpers, so
 * that a reviewer can grep for every exception in one place: `acknowledge(`.
 */
import { Stack, Validations, type IPolicyValidationPlugin } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, ServerlessChecks } from 'cdk-nag';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

export function nagPacks(scope?: IConstruct): IPolicyValidationPlugin[] {
  return [
    new AwsSolutionsChecks(scope, { verbose: true }),
    new HIPAASecurityChecks(scope, { verbose: true }),
    new ServerlessChecks(scope, { verbose: true }),
  ];
}

/** Registers the packs on the app: `cdk synth` then fails on any unacknowledged finding. */
export function registerNagPacks(app: IConstruct): void {
  Validations.of(app).addPlugins(...nagPacks(app));
}

/**
 * Test-only context flag: record acknowledgements without applying them, so that a test can prove that every
 * acknowledgement still matches a real finding (a stale one would hide the next real finding of that rule).
 */
export const skipAcknowledgementsContext = 'portal:skipNagAcknowledgements';
export const skippedAcknowledgementMetadata = 'portal:skipped-nag-acknowledgement';

/** Acknowledge one cdk-nag finding on `scope` and everything below it. */
export function acknowledge(scope: IConstruct, ruleId: string, reason: string): void {
  if (scope.node.tryGetContext(skipAcknowledgementsContext) === true) {
    scope.node.addMetadata(skippedAcknowledgementMetadata, { id: ruleId, reason });
    return;
  }
  Validations.of(scope).acknowledge({ id: ruleId, reason });
}

/**
 * Acknowledge the AwsSolutions-IAM5 finding for one wildcard resource, named exactly as cdk-nag names it
 * (`Resource::<LogicalId.Arn>/uploads/*`), so that any *other* wildcard still fails synth.
 */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  const flattened = flattenCfnReference(Stack.of(scope).resolve(resource));
  acknowledge(scope, `AwsSolutions-IAM5[Resource::${flattened}]`, reason);
}

/** Acknowledge the AwsSolutions-IAM5 finding for one wildcard action (e.g. `kms:GenerateDataKey*`). */
export function acknowledgeWildcardAction(scope: IConstruct, action: string, reason: string): void {
  acknowledge(scope, `AwsSolutions-IAM5[Action::${action}]`, reason);
}
