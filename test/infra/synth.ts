/**
 * Synthesizes a practice exactly as `cdk synth -c practice=<name>` does (same cdk.json context, same stack
 * factory, same cdk-nag packs), once per test file. Bundling is skipped unless asked for: it does not change any
 * property these tests assert, only the code asset, and bundling.test.ts covers it for real.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type IPolicyValidationPlugin, type PolicyViolation } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { RouteDefinition } from '../../functions/routes.ts';
import { loadPracticeConfig, type PracticeConfig } from '../../infra/config.ts';
import { nagPacks, registerNagPacks } from '../../infra/nag.ts';
import { repoRoot } from '../../infra/paths.ts';
import { createPracticeStack, type PracticeStack } from '../../infra/practice-stack.ts';

export const cdkContext: Record<string, unknown> = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8')).context;

export interface SynthesizedPractice {
  app: App;
  stack: PracticeStack;
  template: Template;
  config: PracticeConfig;
  outdir: string;
  synthMs: number;
}

export function synthPractice(
  practice: string | PracticeConfig,
  options: {
    bundle?: boolean;
    siteDir?: string;
    extraContext?: Record<string, unknown>;
    /** Build the construct tree only (e.g. to run the packs directly); `template` is then not available. */
    skipSynth?: boolean;
    /** Deploy these routes instead of the route table's. */
    routes?: readonly RouteDefinition[];
  } = {},
): SynthesizedPractice {
  const started = Date.now();
  const config = typeof practice === 'string' ? loadPracticeConfig(practice) : practice;
  const outdir = mkdtempSync(join(tmpdir(), `cdk-${config.practiceName}-`));
  const app = new App({
    outdir,
    context: {
      ...cdkContext,
      practice: config.practiceName,
      // [] = no stack needs bundling: code assets point at the source (fast); ['**'] = bundle like the CLI.
      'aws:cdk:bundling-stacks': options.bundle ? ['**'] : [],
      ...options.extraContext,
    },
  });
  const stack = createPracticeStack(app, config, {
    ...(options.siteDir ? { siteDir: options.siteDir } : {}),
    ...(options.routes ? { routes: options.routes } : {}),
  });
  if (options.skipSynth) {
    return { app, stack, template: undefined as never, config, outdir, synthMs: Date.now() - started };
  }
  registerNagPacks(app);
  // Synthesizes the whole app, validation plugins included: an unacknowledged cdk-nag finding throws here.
  const template = Template.fromStack(stack);
  return { app, stack, template, config, outdir, synthMs: Date.now() - started };
}

export interface NagFinding {
  pack: string;
  rule: string;
  path: string;
  description: string;
}

/** Runs the cdk-nag packs directly over the construct tree and lists every unacknowledged finding. */
export function nagFindings(app: App, packs: IPolicyValidationPlugin[] = nagPacks()): NagFinding[] {
  const findings: NagFinding[] = [];
  for (const pack of packs) {
    const report = (pack as unknown as { validateScope(scope: App): { violations: PolicyViolation[] } }).validateScope(app);
    for (const violation of report.violations) {
      for (const resource of violation.violatingResources) {
        findings.push({
          pack: pack.name,
          rule: violation.ruleName,
          path: resource.constructPath ?? '?',
          description: violation.description,
        });
      }
    }
  }
  return findings;
}

export interface RecordedAcknowledgement {
  id: string;
  reason: string;
  /** Path of the construct it was made on; it covers that construct and everything below it. */
  path: string;
}

/** Acknowledgements recorded (not applied) in an app synthesized with `skipAcknowledgementsContext`. */
export function skippedAcknowledgements(app: App, metadataType: string): RecordedAcknowledgement[] {
  return app.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === metadataType)
        .map((entry) => ({ ...(entry.data as { id: string; reason: string }), path: construct.node.path })),
    );
}
