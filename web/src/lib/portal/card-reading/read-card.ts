/**
 * Reads a card image on the client's device: clean-up (clean-up.ts), Tesseract in a Web Worker, then the
 * server's own field extraction (shared/card-reading, imported as is). This module is the lazily loaded chunk of
 * "Fill in from your card": the portal imports it only when that button is pressed, so tesseract.js never
 * weighs on a first visit.
 *
 * Nothing leaves the site: the worker script, the WebAssembly core and the English data are the site's own
 * files (web/card-ocr-assets.ts), named here explicitly (tesseract.js would otherwise use a CDN). The worker is
 * started from its own URL (`workerBlobURL: false`: no blob: worker for the CSP to allow), and the language data
 * is not copied into IndexedDB (`cacheMethod: 'none'`): the files sit in the browser's HTTP cache for a year
 * (immutable), and the worker stays alive while the form is open, so a second card, even offline, needs no
 * network at all.
 */
import { api } from '$lib/api';
import { extractCardFields, type CardFields, type OcrLine } from '$shared/card-reading/extract-fields';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { ocrAssets } from 'virtual:card-ocr-assets';
import { cleanUpCardImage } from './clean-up';
import type { CardPayer } from './fill-from-card';

/** Starting includes downloading ~4.5 MB on the first use: generous, but a dead connection must not hang forever. */
const WORKER_START_TIMEOUT_MS = 90_000;
const RECOGNIZE_TIMEOUT_MS = 45_000;
/** Header lines tried against the practice's payers (each is one typeahead request). */
const MAX_PAYER_LOOKUPS = 6;
/** As the server's card payer matcher (shared/card-reading/payer.ts): a clear first suggestion only. */
const MIN_PAYER_SCORE = 0.8;
const MIN_PAYER_LEAD = 0.15;

export interface BrowserCardReading {
  fields: CardFields;
  payer: CardPayer | null;
}

/** 0–1 over the whole reading, engine start included when this is the page's first. */
export type OnProgress = (share: number) => void;

let worker: Promise<Worker> | undefined;
let reportProgress: OnProgress | undefined;

/** Loading the engine is the first 40 % of the bar on a first reading; recognising is the rest. */
const START_STEPS: Record<string, number> = {
  'loading tesseract core': 0.05,
  'initializing tesseract': 0.15,
  'loading language traineddata': 0.2,
  'initializing api': 0.35,
};
let starting = false;

function onLog(message: { status: string; progress: number }) {
  if (!reportProgress) return;
  if (message.status === 'recognizing text') reportProgress((starting ? 0.4 : 0) + message.progress * (starting ? 0.6 : 1));
  else if (message.status in START_STEPS)
    reportProgress(START_STEPS[message.status]! + (message.status.startsWith('loading') ? message.progress * 0.1 : 0));
}

async function startWorker(): Promise<Worker> {
  const created = await withTimeout(
    createWorker('eng', OEM.LSTM_ONLY, {
      ...ocrAssets,
      workerBlobURL: false,
      cacheMethod: 'none',
      gzip: true,
      logger: onLog,
      // Failures reject the calls below; without a handler tesseract.js would also throw them at the page.
      errorHandler: () => undefined,
    }),
    WORKER_START_TIMEOUT_MS,
  );
  // As on the server (functions/card-reader/ocr.ts): a card is label/value pairs in columns, not paragraphs.
  await created.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT, preserve_interword_spaces: '1', user_defined_dpi: '300' });
  return created;
}

function getWorker(): Promise<Worker> {
  worker ??= startWorker().catch((error: unknown) => {
    worker = undefined;
    throw error;
  });
  return worker;
}

/**
 * Stops the engine when the form is left: a Tesseract worker holds ~100 MB, too much to keep on a phone for a
 * page that no longer reads cards. A later reading starts it again from the browser's cache.
 */
export function stopCardReader(): void {
  const running = worker;
  worker = undefined;
  void running?.then((active) => active.terminate()).catch(() => undefined);
}

/** Reads one card image. Throws when the image cannot be decoded, the engine cannot load (offline) or OCR fails. */
export async function readCardInBrowser(file: Blob, onProgress: OnProgress): Promise<BrowserCardReading> {
  reportProgress = onProgress;
  try {
    const cleaned = await cleanUpCardImage(file);
    starting = worker === undefined;
    const active = await getWorker();
    let data;
    try {
      ({ data } = await withTimeout(active.recognize(cleaned, {}, { blocks: true, text: false }), RECOGNIZE_TIMEOUT_MS));
    } catch (error) {
      // A worker that timed out may still be busy: the next card starts a fresh one.
      worker = undefined;
      void active.terminate().catch(() => undefined);
      throw error;
    }
    onProgress(1);
    const lines = ocrLines(data.blocks ?? []);
    return await fieldsWithPayer(lines);
  } finally {
    reportProgress = undefined;
    starting = false;
  }
}

type Blocks = NonNullable<Awaited<ReturnType<Worker['recognize']>>['data']['blocks']>;

/** Tesseract's blocks as the extraction's lines (the same shape the server's reader builds). */
function ocrLines(blocks: Blocks): OcrLine[] {
  const lines: OcrLine[] = [];
  for (const block of blocks) {
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

interface TypeaheadPayer {
  payerId: string;
  name: string;
  score?: number;
}

/**
 * The extraction recognises the payer with a matcher over the practice's payers, which the portal does not hold:
 * a first pass collects the header texts the extraction would try, the portal's typeahead (GET
 * /api/portal/payers) ranks the practice's payers for each, and a second pass answers from those rankings — a
 * clear first result only, as on the server. Without the typeahead (offline) the payer is kept as printed when
 * the extraction trusts it, or left out.
 */
async function fieldsWithPayer(lines: OcrLine[]): Promise<BrowserCardReading> {
  const tried: string[] = [];
  extractCardFields(lines, {
    matchPayerName: (text) => {
      tried.push(text.trim());
      return undefined;
    },
  });
  const recognised = new Map<string, TypeaheadPayer>();
  const texts = [...new Set(tried)].filter((text) => /[A-Za-z]{3}/.test(text)).slice(0, MAX_PAYER_LOOKUPS);
  await Promise.all(
    texts.map(async (text) => {
      try {
        const { items } = await api<{ items: TypeaheadPayer[] }>(`/portal/payers?q=${encodeURIComponent(text.slice(0, 120))}`);
        const [first, second] = items;
        if (first?.score !== undefined && first.score >= MIN_PAYER_SCORE && (second?.score ?? 0) <= first.score - MIN_PAYER_LEAD) {
          recognised.set(text, first);
        }
      } catch {
        // A suggestion is a courtesy: the other fields still fill in.
      }
    }),
  );
  const fields = extractCardFields(lines, { matchPayerName: (text) => recognised.get(text.trim())?.name });
  if (!fields.payerName) return { fields, payer: null };
  const practicePayer = [...recognised.values()].find((payer) => payer.name === fields.payerName);
  return { fields, payer: { name: fields.payerName, payerId: practicePayer?.payerId ?? null } };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`card reading took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
