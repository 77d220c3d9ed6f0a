/**
 * cdk-nag (AwsSolutions, HIPAA Security, Serverless) runs on every synth. These tests fail on any finding that is
 * not acknowledged, on an acknowledgement without a real reason, and on a stale acknowledgement (one that no
 * longer matches a finding would silently swallow the next real finding of that rule on that construct).
 */
import { Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPracticeConfig } from '../../infra/config.ts';
import { registerNagPacks, skipAcknowledgementsContext, skippedAcknowledgementMetadata } from '../../infra/nag.ts';
import { createPracticeStack } from '../../infra/practice-stack.ts';
import { cdkContext, nagFindings, skippedAcknowledgements, synthPractice, type SynthesizedPractice } from './synth.ts';

const practices = ['demo', 'harbor-family-therapy'] as const;
const synthesized: Record<string, SynthesizedPractice> = {};
const withoutAcknowledgements: Record<string, SynthesizedPractice> = {};

beforeAll(() => {
  for (const name of practices) {
    synthesized[name] = synthPractice(name);
    withoutAcknowledgements[name] = synthPractice(name, { extraContext: { [skipAcknowledgementsContext]: true }, skipSynth: true });
  }
});

describe.each(practices)('%s', (name) => {
  it('has no cdk-nag finding that is not acknowledged', () => {
    const findings = nagFindings(synthesized[name]!.app).map((f) => `${f.rule} at ${f.path}`);
    expect(findings).toEqual([]);
  });

  it('acknowledges each finding with a specific rule id and a reason a reviewer can check', () => {
    const acknowledgements = skippedAcknowledgements(withoutAcknowledgements[name]!.app, skippedAcknowledgementMetadata);
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { id, reason, path } of acknowledgements) {
      expect(id, path).toMatch(/^(AwsSolutions|HIPAA\.Security|Serverless)-[A-Za-z0-9]+(\[.+\])?$/);
      // A bare IAM5 would cover every wildcard the construct ever gets; only named findings are acknowledged.
      expect(id, path).not.toBe('AwsSolutions-IAM5');
      expect(reason.length, `${id} at ${path}`).toBeGreaterThanOrEqual(60);
    }
  });

  it('has no stale acknowledgement: each one matches a finding the packs report without it', () => {
    const { app } = withoutAcknowledgements[name]!;
    const findings = nagFindings(app);
    const stale = skippedAcknowledgements(app, skippedAcknowledgementMetadata).filter(
      (ack) => !findings.some((f) => f.rule === ack.id && (f.path === ack.path || f.path.startsWith(`${ack.path}/`))),
    );
    expect(stale.map((ack) => `${ack.id} at ${ack.path}`)).toEqual([]);
  });
});

describe('a new finding', () => {
  it('fails synth, as `cdk synth` does', () => {
    const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } });
    const stack = createPracticeStack(app, loadPracticeConfig('demo'));
    // A bucket added without the house defaults (no SSL-only policy, no logging, no KMS).
    new Bucket(stack, 'UnreviewedBucket');
    registerNagPacks(app);
    expect(() => app.synth()).toThrow(/AwsSolutions-S10|AwsSolutions-S1\b|HIPAA\.Security-S3/);
  });

  it('is still caught when only a different finding of the same rule was acknowledged', () => {
    const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } });
    const stack = createPracticeStack(app, loadPracticeConfig('demo'));
    const bucket = new Bucket(stack, 'HalfReviewedBucket', { enforceSSL: true });
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'test: only server access logging is acknowledged' });
    registerNagPacks(app);
    expect(() => app.synth()).toThrow(/HIPAA\.Security-S3DefaultEncryptionKMS/);
  });
});
