/**
 * The real thing `cdk synth`/`cdk deploy` does: every route handler and the stream processor bundled by the local
 * esbuild (no Docker), minified ESM with source maps. The other infra tests skip bundling to stay fast; this one
 * bundles once, for one practice (bundles do not depend on the practice).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.ts';
import { logicalId, resource } from './template-queries.ts';
import { synthPractice, type SynthesizedPractice } from './synth.ts';

let practice: SynthesizedPractice;
beforeAll(() => {
  practice = synthPractice('demo', { bundle: true });
  console.log(`synth demo with esbuild bundling: ${practice.synthMs} ms`);
});

describe('bundling', () => {
  it('bundles every function into one minified ESM file with a source map', () => {
    const { stack, template, outdir } = practice;
    const functions = [...routes.map((route) => stack.api.routeFunctions.get(route.id)!), stack.streams.processor];
    for (const fn of functions) {
      const key = resource(template, logicalId(stack, fn)).Properties!.Code.S3Key as string;
      const assetDir = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
      expect(existsSync(assetDir), fn.node.path).toBe(true);
      expect(readdirSync(assetDir).sort(), fn.node.path).toEqual(['index.mjs', 'index.mjs.map']);
      const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
      // The banner that lets bundled CommonJS dependencies `require` inside an ES module.
      expect(code.startsWith("import { createRequire } from 'node:module'"), fn.node.path).toBe(true);
      // Minified: long lines (the few line breaks left are inside template literals).
      expect(code.length / code.split('\n').length, `${fn.node.path} is minified`).toBeGreaterThan(500);
    }
  });
});
