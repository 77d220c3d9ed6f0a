import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { inspectUploadedBytes, pdfActiveContent } from '../../functions/domain/upload-content.ts';
import { missingCardSides } from '../../shared/card-images.ts';

const pdf = (body: string) => Buffer.from(`%PDF-1.7\n${body}\n%%EOF\n`);

describe('PDF active content', () => {
  it.each([
    ['JavaScript action', '1 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj', 'JavaScript'],
    ['name written with #xx escapes', '1 0 obj<</S/J#61vaScript>>endobj', 'JavaScript'],
    ['OpenAction pointing at an action object', '1 0 obj<</Type/Catalog/OpenAction 2 0 R>>endobj', 'OpenAction'],
    ['Launch action', '1 0 obj<</S/Launch/F(cmd.exe)>>endobj', 'Launch'],
    ['additional actions on a page', '3 0 obj<</Type/Page/AA<<>>>>endobj', 'AA'],
    ['embedded file', '4 0 obj<</Type/EmbeddedFile>>endobj', 'EmbeddedFile'],
  ])('refuses a %s', (_, body, found) => {
    expect(pdfActiveContent(pdf(body))).toBe(found);
  });

  it('finds JavaScript hidden in a compressed object stream', () => {
    const hidden = deflateSync(Buffer.from('<</S/JavaScript/JS(app.alert(1))>>'));
    const bytes = Buffer.concat([
      pdf('1 0 obj<</Type/ObjStm/Filter/FlateDecode>>stream\n').subarray(0, -7),
      hidden,
      Buffer.from('\nendstream endobj\n%%EOF\n'),
    ]);
    expect(pdfActiveContent(bytes)).toBe('JavaScript');
  });

  it('accepts a plain scan, including an OpenAction that only opens page one', () => {
    expect(pdfActiveContent(pdf('1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction [3 0 R /Fit]>>endobj'))).toBeUndefined();
    // Names that merely start like an active one are not it.
    expect(pdfActiveContent(pdf('1 0 obj<</JSON 1/AAPL 2>>endobj'))).toBeUndefined();
  });
});

describe('what is kept of an uploaded file', () => {
  it('an empty file is refused', async () => {
    expect(await inspectUploadedBytes(Buffer.alloc(0))).toEqual({ ok: false, reason: 'The file is empty' });
  });

  it('a PNG with a page after its end is refused; the same PNG alone is kept re-encoded', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'white' } })
      .png()
      .toBuffer();
    expect((await inspectUploadedBytes(Buffer.concat([png, Buffer.from('<html><script>x()</script>')]))).ok).toBe(false);
    const kept = await inspectUploadedBytes(png);
    expect(kept).toMatchObject({ ok: true, contentType: 'image/png' });
  });

  it('an image that does not decode is refused, whatever its first bytes', async () => {
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]), Buffer.alloc(300, 7)]);
    expect(await inspectUploadedBytes(fake)).toEqual({ ok: false, reason: 'The image could not be read' });
  });

  it('EXIF is stripped after the orientation is applied', async () => {
    const photo = await sharp({ create: { width: 40, height: 20, channels: 3, background: 'gray' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'PhoneMaker' } })
      .withMetadata({ orientation: 8 })
      .toBuffer();
    const kept = await inspectUploadedBytes(photo);
    if (!kept.ok) throw new Error(kept.reason);
    const metadata = await sharp(kept.bytes).metadata();
    expect([metadata.width, metadata.height, metadata.exif, metadata.orientation]).toEqual([20, 40, undefined, undefined]);
    expect(kept.bytes.toString('latin1')).not.toContain('PhoneMaker');
  });
});

describe('card images the practice requires', () => {
  it.each([
    ['off', [], []],
    ['optional', [], []],
    ['front', ['back'], ['front']],
    ['front', ['front'], []],
    ['front_and_back', ['front'], ['back']],
    ['front_and_back', ['other'], ['front', 'back']],
    ['front_and_back', ['back', 'front'], []],
  ] as const)('%s with %j lacks %j', (requirement, sides, missing) => {
    expect(missingCardSides(requirement, sides)).toEqual(missing);
  });
});
