import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OcrLine } from '../../shared/card-reading/extract-fields.ts';

/**
 * Tesseract (tesseract.js: the C++ engine compiled to WebAssembly) with its English data from the npm package
 * `@tesseract.js-data/eng`, read from a local folder: nothing is ever fetched from a third-party host. Without a
 * local `langPath` tesseract.js downloads from a CDN (and offline, crashes the process with an uncaught fetch
 * error); without `cacheMethod: 'none'` it writes `eng.traineddata` into the working directory and prefers that
 * copy later. One worker is started per process and reused (starting one costs 0.5–0.8 s).
 *
 * In Lambda the data folder is shipped beside the bundle (CARD_OCR_LANG_PATH); locally it is node_modules.
 */
const WORKER_START_TIMEOUT_MS = 20_000;
const RECOGNIZE_TIMEOUT_MS = 20_000;

type TesseractWorker = import('tesseract.js').Worker;
let worker: Promise<TesseractWorker> | undefined;

export function languageDataPath(): string {
  if (process.env.CARD_OCR_LANG_PATH) return process.env.CARD_OCR_LANG_PATH;
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

async function startWorker(): Promise<TesseractWorker> {
  const { createWorker, OEM, PSM } = await import('tesseract.js');
  const started = createWorker('eng', OEM.LSTM_ONLY, {
    langPath: languageDataPath(),
    cacheMethod: 'none',
    gzip: true,
    ...(process.env.CARD_OCR_CORE_PATH ? { corePath: process.env.CARD_OCR_CORE_PATH } : {}),
  });
  const created = await withTimeout(started, WORKER_START_TIMEOUT_MS, 'OCR worker start');
  // Sparse text: a card is label/value pairs scattered over columns and boxes, not paragraphs.
  await created.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT, preserve_interword_spaces: '1', user_defined_dpi: '300' });
  return created;
}

function getWorker(): Promise<TesseractWorker> {
  worker ??= startWorker().catch((error: unknown) => {
    worker = undefined;
    throw error;
  });
  return worker;
}

/**
 * Starts the worker ahead of the first card (at a Lambda cold start, or when the local runtime starts), so the
 * first reading does not also pay the 0.5–0.8 s of loading the engine and its language data.
 */
export function warmUpOcr(): void {
  getWorker().catch(() => undefined);
}

/** The lines Tesseract found, each with its words, confidence (0–100) and box. */
export async function recognizeLines(png: Buffer): Promise<OcrLine[]> {
  const active = await getWorker();
  let data;
  try {
    ({ data } = await withTimeout(active.recognize(png, {}, { blocks: true, text: false }), RECOGNIZE_TIMEOUT_MS, 'OCR'));
  } catch (error) {
    // A worker that timed out may still be busy with that image: start afresh for the next card.
    if (worker) await stopOcr().catch(() => undefined);
    throw error;
  }
  const lines: OcrLine[] = [];
  for (const block of data.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const text = line.text.replace(/\s+/g, ' ').trim();
        if (!text) continue;
        lines.push({
          text,
          confidence: line.confidence,
          box: { x0: line.bbox.x0, y0: line.bbox.y0, x1: line.bbox.x1, y1: line.bbox.y1 },
          words: line.words.map((word) => ({ text: word.text, confidence: word.confidence })),
          ...(line.baseline && line.baseline.x1 > line.baseline.x0
            ? { baseline: { x0: line.baseline.x0, y0: line.baseline.y0, x1: line.baseline.x1, y1: line.baseline.y1 } }
            : {}),
        });
      }
    }
  }
  return lines;
}

export async function stopOcr(): Promise<void> {
  const running = worker;
  worker = undefined;
  if (running) await (await running).terminate();
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
