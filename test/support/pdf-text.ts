/**
 * Reads back the text a pdf-lib document draws, without a PDF library: inflate each Flate content stream and
 * decode the hex strings of its `Tj` operators (pdf-lib writes standard-font text as WinAnsi hex). Enough to
 * assert that a field's value is on the page; not a general PDF text extractor.
 */
import { inflateSync } from 'node:zlib';

export function pdfPagesText(bytes: Uint8Array): string[] {
  const source = Buffer.from(bytes);
  const latin = source.toString('latin1');
  const pages: string[] = [];
  const streamPattern = /<<([^]*?)>>\s*stream\r?\n/g;
  for (let match = streamPattern.exec(latin); match; match = streamPattern.exec(latin)) {
    const dictionary = match[1]!;
    const start = match.index + match[0].length;
    const end = latin.indexOf('endstream', start);
    const raw = source.subarray(start, end);
    let content: string;
    try {
      content = /FlateDecode/.test(dictionary) ? inflateSync(raw).toString('latin1') : raw.toString('latin1');
    } catch {
      continue;
    }
    const strings = [...content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)].map((found) => Buffer.from(found[1]!, 'hex').toString('latin1'));
    if (strings.length > 0) pages.push(strings.join('\n'));
  }
  return pages;
}
