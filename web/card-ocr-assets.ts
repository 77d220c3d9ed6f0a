/**
 * The files the portal's in-browser card reading needs, served by the site itself: tesseract.js's worker script,
 * its WebAssembly core and the English language data, copied from node_modules (tesseract.js,
 * tesseract.js-core, @tesseract.js-data/eng — the same packages and data the server's reader uses) into the
 * build under `_app/immutable/ocr/<content hash>/`. Left to its defaults, tesseract.js would fetch all three
 * from a CDN; the reader names these paths instead, so nothing is fetched from a third-party host.
 *
 * Why under `_app/immutable/` with a hash of the files: that folder is served with a one-year `immutable`
 * Cache-Control by CloudFront and the local gateway, so after one reading the browser has everything it needs
 * offline, and a new version of any file gets a new folder (never a stale mix).
 *
 * The reader imports the paths from `virtual:card-ocr-assets` (typed in src/card-ocr-assets.d.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

const VIRTUAL_ID = 'virtual:card-ocr-assets';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/**
 * The core in the builds tesseract.js picks for an LSTM-only engine (it chooses by the browser's WebAssembly
 * SIMD support); `.wasm.js` carries the wasm inside, so no separate `.wasm` request or MIME type is involved.
 */
const CORE_FILES = ['tesseract-core-relaxedsimd-lstm.wasm.js', 'tesseract-core-simd-lstm.wasm.js', 'tesseract-core-lstm.wasm.js'];

interface OcrFile {
  /** Path inside the hashed folder. */
  path: string;
  source: string;
}

function ocrFiles(): OcrFile[] {
  const require = createRequire(import.meta.url);
  const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
  return [
    { path: 'worker.min.js', source: join(packageDir('tesseract.js'), 'dist', 'worker.min.js') },
    ...CORE_FILES.map((file) => ({ path: `core/${file}`, source: join(packageDir('tesseract.js-core'), file) })),
    // The same "best (integer)" English model as the server's reader (functions/card-reader/ocr.ts).
    { path: 'lang/eng.traineddata.gz', source: join(packageDir('@tesseract.js-data/eng'), '4.0.0_best_int', 'eng.traineddata.gz') },
  ];
}

export function cardOcrAssets(): Plugin {
  const files = ocrFiles();
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.path).update(readFileSync(file.source));
  const folder = `_app/immutable/ocr/${hash.digest('hex').slice(0, 12)}`;
  const byUrl = new Map(files.map((file) => [`/${folder}/${file.path}`, file]));
  let isSsrBuild = false;

  return {
    name: 'card-ocr-assets',
    configResolved(config) {
      isSsrBuild = Boolean(config.build.ssr);
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const paths = { workerPath: `/${folder}/worker.min.js`, corePath: `/${folder}/core`, langPath: `/${folder}/lang` };
      return `export const ocrAssets = ${JSON.stringify(paths)};`;
    },
    // Only the browser's build carries the files (SvelteKit also builds a server bundle, which must not).
    generateBundle() {
      if (isSsrBuild) return;
      for (const file of files) this.emitFile({ type: 'asset', fileName: `${folder}/${file.path}`, source: readFileSync(file.source) });
    },
    // `vite dev` serves the same paths straight from node_modules.
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const file = byUrl.get((request.url ?? '').split('?')[0]!);
        if (!file) return next();
        response.setHeader('content-type', file.path.endsWith('.js') ? 'text/javascript' : 'application/octet-stream');
        response.end(readFileSync(file.source));
      });
    },
  };
}
