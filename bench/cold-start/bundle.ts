/**
 * Bundling each function exactly as the CDK app does. The options live inline in `PortalFunction`
 * (infra/constructs/portal-function.ts, `bundling: {…}`) and NodejsFunction turns them into an esbuild command
 * line; there is no exported constant to import, so they are mirrored here — and `verifyAgainstCdk` proves the
 * mirror on every run by letting the real `PortalFunction` construct bundle the same entries (CDK local
 * bundling, esbuild CLI) and comparing the output byte for byte. If the construct's options change and this
 * file is not updated, the benchmark says so instead of measuring something else.
 *
 * What NodejsFunction runs for a PortalFunction (aws-cdk-lib 2.276, local bundling):
 *   esbuild --bundle <entry> --target=node24 --platform=node --format=esm --outfile=<asset>/index.mjs --minify
 *     --sourcemap --sources-content=false --log-level=error --banner:js="…createRequire…" --main-fields=module,main
 * with the project root as working directory, no --external (externalModules: []: the pinned AWS SDK is
 * bundled, not taken from the Lambda runtime), and esbuild finding tsconfig.json itself.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from '../../infra/paths.ts';

/** The runtime's major version: esbuild's target follows the Lambda runtime, as NodejsFunction's toTarget does. */
async function lambdaTarget(): Promise<string> {
  const { functionRuntime } = await import('../../infra/constructs/portal-function.ts');
  const major = /nodejs(\d+)/.exec(functionRuntime.name)?.[1];
  if (!major) throw new Error(`Cannot read a Node.js version from runtime ${functionRuntime.name}`);
  return `node${major}`;
}

/** Mirrors PortalFunction's `bundling` (see the file comment). */
export async function cdkEsbuildOptions(): Promise<esbuild.BuildOptions> {
  return {
    bundle: true,
    absWorkingDir: repoRoot,
    target: await lambdaTarget(),
    platform: 'node',
    format: 'esm',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'error',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    mainFields: ['module', 'main'],
    // PortalFunction's `nativeModules` (sharp for upload verification, the OCR engine for the card reader) are
    // installed beside the bundle, not bundled; NodejsFunction marks them external.
    external: ['sharp', 'tesseract.js', '@tesseract.js-data/eng'],
  };
}

export interface BundledFunction {
  id: string;
  entry: string;
  dir: string;
  file: string;
  bytes: number;
  mapBytes: number;
  metafile: esbuild.Metafile;
}

export async function bundleFunction(id: string, entry: string, outRoot: string, options: esbuild.BuildOptions): Promise<BundledFunction> {
  const dir = join(outRoot, id);
  const file = join(dir, 'index.mjs');
  const result = await esbuild.build({ ...options, entryPoints: [entry], outfile: file, metafile: true });
  return { id, entry, dir, file, bytes: statSync(file).size, mapBytes: statSync(`${file}.map`).size, metafile: result.metafile };
}

export interface Contributor {
  /** An npm package (`zod`, `@smithy/core`) or a project folder (`functions/http`, `shared/schemas.ts`). */
  name: string;
  bytes: number;
}

function contributorOf(input: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (inPackage) return inPackage[1]!;
  const parts = input.replace(/^(\.\.\/)+/, '').split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts.join('/');
}

/** Bytes each package or project folder contributes to the minified output, largest first. */
export function contributors(bundle: BundledFunction): Contributor[] {
  const output = Object.entries(bundle.metafile.outputs).find(([path]) => path.endsWith('.mjs'))?.[1];
  if (!output) return [];
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = contributorOf(input);
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** What a function carries beyond the baseline: per contributor, its bytes minus the baseline's. */
export function extraOverBaseline(bundle: BundledFunction, baseline: BundledFunction): Contributor[] {
  const base = new Map(contributors(baseline).map((entry) => [entry.name, entry.bytes]));
  return contributors(bundle)
    .map((entry) => ({ name: entry.name, bytes: entry.bytes - (base.get(entry.name) ?? 0) }))
    .filter((entry) => entry.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

/** Inside one package, which of its files weigh most (e.g. zod's locales next to its core). */
export function filesOfPackage(bundle: BundledFunction, packageName: string, limit = 5): Contributor[] {
  const output = Object.entries(bundle.metafile.outputs).find(([path]) => path.endsWith('.mjs'))?.[1];
  if (!output) return [];
  const marker = `node_modules/${packageName}/`;
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const at = input.lastIndexOf(marker);
    if (at < 0) continue;
    const rest = input.slice(at + marker.length).split('/');
    const name = rest.length > 2 ? `${rest.slice(0, -1).join('/')}/*` : rest.join('/');
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return [...totals]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, limit);
}

export interface EquivalenceCheck {
  id: string;
  identical: boolean;
  cdkBytes: number;
  benchBytes: number;
}

/**
 * Lets the real PortalFunction construct bundle `entries` (CDK local bundling, in a throwaway app and output
 * folder) and compares each index.mjs with the benchmark's bundle of the same entry.
 */
export async function verifyAgainstCdk(bundles: readonly BundledFunction[]): Promise<EquivalenceCheck[]> {
  const [{ App, Stack }, { Key }, { RetentionDays }, { PortalFunction }] = await Promise.all([
    import('aws-cdk-lib'),
    import('aws-cdk-lib/aws-kms'),
    import('aws-cdk-lib/aws-logs'),
    import('../../infra/constructs/portal-function.ts'),
  ]);
  const outdir = mkdtempSync(join(tmpdir(), 'bench-cdk-bundles-'));
  try {
    const checks: EquivalenceCheck[] = [];
    for (const bundle of bundles) {
      // One app per entry: the asset folder it creates is then the only one in its output directory.
      const appOut = join(outdir, bundle.id);
      const app = new App({ outdir: appOut });
      const stack = new Stack(app, 'BenchBundleCheck');
      new PortalFunction(stack, 'Fn', {
        entry: bundle.entry,
        description: 'bench bundle check',
        logRetention: RetentionDays.ONE_DAY,
        key: new Key(stack, 'Key'),
        logLevel: 'INFO',
      });
      const assetDir = readdirSync(appOut).find((name) => name.startsWith('asset.'));
      if (!assetDir) throw new Error('CDK produced no bundled asset');
      const cdkCode = readFileSync(join(appOut, assetDir, 'index.mjs'));
      const benchCode = readFileSync(bundle.file);
      checks.push({ id: bundle.id, identical: cdkCode.equals(benchCode), cdkBytes: cdkCode.length, benchBytes: benchCode.length });
    }
    return checks;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
