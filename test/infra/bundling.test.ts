/**
 * The real thing `cdk synth`/`cdk deploy` does: every route handler and the stream processor bundled by the local
 * esbuild (no Docker), minified ESM with source maps. The other infra tests skip bundling to stay fast; this one
 * bundles once, for one practice (bundles do not depend on the practice).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteDefinition } from '../../functions/routes.ts';
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
    const functions = [
      ...routes.map((route) => stack.api.routeFunctions.get(route.id)!),
      stack.streams.processor,
      stack.cardReader.fn,
      stack.resetMessages.fn,
    ];
    // Routes that verify uploads re-encode images with sharp, a native module installed beside the bundle.
    const nativeFunctions = new Set<unknown>([stack.cardReader.fn]);
    for (const route of routes as readonly RouteDefinition[]) {
      if (route.needs.uploads === 'verify') nativeFunctions.add(stack.api.routeFunctions.get(route.id));
    }
    for (const fn of functions) {
      const key = resource(template, logicalId(stack, fn)).Properties!.Code.S3Key as string;
      const assetDir = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
      expect(existsSync(assetDir), fn.node.path).toBe(true);
      const native = nativeFunctions.has(fn);
      const expected = native
        ? ['index.mjs', 'index.mjs.map', 'node_modules', 'package-lock.json', 'package.json']
        : ['index.mjs', 'index.mjs.map'];
      expect(readdirSync(assetDir).sort(), fn.node.path).toEqual(expected);
      if (native) {
        // sharp for Lambda's ARM64 (from npm, whatever machine synthesizes), not this machine's x64 build.
        expect(existsSync(join(assetDir, 'node_modules', '@img', 'sharp-linux-arm64')), fn.node.path).toBe(true);
        expect(existsSync(join(assetDir, 'node_modules', '@img', 'sharp-linux-x64')), fn.node.path).toBe(false);
      }
      const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
      // The banner that lets bundled CommonJS dependencies `require` inside an ES module.
      expect(code.startsWith("import { createRequire } from 'node:module'"), fn.node.path).toBe(true);
      // Minified: long lines (the few line breaks left are inside template literals).
      expect(code.length / code.split('\n').length, `${fn.node.path} is minified`).toBeGreaterThan(500);
    }
  });
});
