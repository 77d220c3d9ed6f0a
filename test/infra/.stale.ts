import { App } from 'aws-cdk-lib';
import { loadPracticeConfig } from '../../infra/config.ts';
import { skipAcknowledgementsContext, skippedAcknowledgementMetadata } from '../../infra/nag.ts';
import { createPracticeStack } from '../../infra/practice-stack.ts';
import { cdkContext, nagFindings, skippedAcknowledgements } from './synth.ts';
for (const practice of process.argv.slice(2)) {
  const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [], [skipAcknowledgementsContext]: true } });
  createPracticeStack(app, loadPracticeConfig(practice));
  const findings = nagFindings(app);
  const acks = skippedAcknowledgements(app, skippedAcknowledgementMetadata);
  const stale = acks.filter((a) => !findings.some((f) => f.rule === a.id && (f.path === a.path || f.path.startsWith(a.path + '/'))));
  const uniq = new Map(stale.map((a) => [a.id + ' @ ' + a.path.replace(/Routes\/[^/]+/, 'Routes/*'), a]));
  for (const k of uniq.keys()) console.log(practice, 'STALE', k);
  console.log(practice, findings.length, 'raw findings;', acks.length, 'acks;', stale.length, 'stale');
}
