/**
 * The CDK app: `npx cdk synth|deploy -c practice=<name>` builds PracticeStack-<name> from
 * infra/practices/<name>.json, with the cdk-nag packs registered so that synth fails on any unacknowledged finding.
 */
import { App } from 'aws-cdk-lib';
import { availablePractices, loadPracticeConfig } from './config.ts';
import { registerNagPacks } from './nag.ts';
import { createPracticeStack } from './practice-stack.ts';

const app = new App();
const practice: unknown = app.node.tryGetContext('practice');
if (typeof practice !== 'string' || practice === '') {
  throw new Error(`Choose a practice: cdk synth -c practice=<name> (one of: ${availablePractices().join(', ')})`);
}
createPracticeStack(app, loadPracticeConfig(practice));
registerNagPacks(app);
app.synth();
