/**
 * Prints the unacknowledged cdk-nag findings of the given practices without failing on the first one:
 * `npx tsx test/infra/print-nag-findings.ts demo harbor-family-therapy`. Handy while adding a resource.
 */
import { App } from 'aws-cdk-lib';
import { loadPracticeConfig } from '../../infra/config.ts';
import { createPracticeStack } from '../../infra/practice-stack.ts';
import { cdkContext, nagFindings } from './synth.ts';

for (const practice of process.argv.slice(2)) {
  const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } });
  createPracticeStack(app, loadPracticeConfig(practice));
  const findings = nagFindings(app);
  for (const finding of findings) console.log(`${practice}  ${finding.rule}  ${finding.path}`);
  console.log(`${practice}: ${findings.length} unacknowledged finding(s)`);
}
