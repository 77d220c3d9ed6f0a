/**
 * Uploads are checked on what is kept: the bytes verified are the bytes attached, whatever the
 * browser's form does meanwhile; one upload is attached once, even when asked at once; empty files are refused
 * fast; images lose their metadata; downloads say what they are; the practice's card-image rule holds on the
 * server.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, onboardPortalClient, practitioner, type PortalClient } from '../support/api.ts';
import { PDF_BYTES } from '../support/files.ts';
import { cardPng } from '../support/images.ts';
import { getRaw, objectExists } from '../support/table.ts';
import { uploadFile } from '../support/uploads.ts';

let client: PortalClient;
let dayCounter = 0;
/** A distinct Effective Date per Secondary policy (no Primary auto-end rules involved). */
const nextDate = () =>
  `2030-${String(1 + Math.floor(dayCounter / 28)).padStart(2, '0')}-${String(1 + (dayCounter++ % 28)).padStart(2, '0')}`;

const submit = (attachmentIds: string[]) =>
  as(client.token).post('/api/portal/policies', { priority: 'secondary', payerName: 'Aetna', effectiveDate: nextDate(), attachmentIds });

async function download(policyId: string, attachmentId: string) {
  const link = await as(client.token).get(`/api/portal/policies/${policyId}/attachments/${attachmentId}`);
  expect(link.status).toBe(200);
  const response = await fetch(link.body.url);
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Posts the same pre-signed form again, with other bytes (what an attacker holding the form can do for 5 minutes). */
async function repost(presign: { upload: { url: string; fields: Record<string, string> } }, bytes: Buffer, contentType: string) {
  const form = new FormData();
  for (const [name, value] of Object.entries(presign.upload.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), 'x');
  const response = await fetch(presign.upload.url, { method: 'POST', body: form });
  await response.arrayBuffer();
}

beforeAll(async () => {
  client = await onboardPortalClient();
});

describe('the bytes that are verified are the bytes that are kept', () => {
  it('re-posting the upload form with HTML while the server checks the PNG never attaches other bytes (30 rounds)', async () => {
    const png = cardPng(360, 225);
    const html = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
    const outcomes: number[] = [];
    for (let round = 0; round < 30; round++) {
      const upload = await uploadFile(client.token, '/api/portal/uploads', { bytes: png, fileName: 'front.png', contentType: 'image/png' });
      const submitting = submit([upload.attachmentId]);
      // From before the server reads the upload to after it has: every moment of the check is tried.
      await new Promise((done) => setTimeout(done, round * 3));
      await repost(upload.presign, html, 'image/png');
      const answer = await submitting;
      expect([201, 422]).toContain(answer.status);
      outcomes.push(answer.status);
      if (answer.status !== 201) continue;
      expect(answer.body.attachments[0].contentType).toBe('image/png');
      const { bytes } = await download(answer.body.policyId, upload.attachmentId);
      expect(bytes.toString('latin1').toLowerCase()).not.toContain('<html');
      const decoded = await sharp(bytes).metadata();
      expect({ format: decoded.format, width: decoded.width, height: decoded.height }).toEqual({ format: 'png', width: 360, height: 225 });
    }
    // The race must actually have been run: some rounds attach the PNG.
    expect(outcomes.filter((status) => status === 201).length).toBeGreaterThan(0);
  }, 120_000);

  it('six concurrent attaches of one upload: exactly one 201, the rest 409, never a 5xx', async () => {
    const upload = await uploadFile(client.token, '/api/portal/uploads', {
      bytes: cardPng(),
      fileName: 'front.png',
      contentType: 'image/png',
    });
    const answers = await Promise.all(Array.from({ length: 6 }, () => submit([upload.attachmentId])));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    for (const answer of answers.filter((candidate) => candidate.status === 409)) expect(answer.body.error.code).toBe('conflict');
    const record = await getRaw(`CLIENT#${client.clientId}`, `UPLOAD#${upload.attachmentId}`);
    expect(record).toMatchObject({ state: 'attached', policyId: answers.find((answer) => answer.status === 201)!.body.policyId });
  });

  it('an empty file is 422 upload_rejected at once, and the object is deleted', async () => {
    const upload = await uploadFile(client.token, '/api/portal/uploads', {
      bytes: Buffer.alloc(0),
      fileName: 'empty.png',
      contentType: 'image/png',
      declaredSize: 10,
    });
    const started = Date.now();
    const answer = await submit([upload.attachmentId]);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('upload_rejected');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await objectExists(`uploads/${client.clientId}/${upload.attachmentId}`)).toBe(false);
  });

  it('refuses polyglots: a PNG carrying a page after its end, a JPEG with a script, a PDF with JavaScript', async () => {
    const jpeg = await sharp(cardPng()).jpeg().toBuffer();
    const cases = [
      { bytes: Buffer.concat([cardPng(), Buffer.from('<html><script>alert(1)</script></html>')]), contentType: 'image/png' },
      { bytes: Buffer.concat([jpeg, Buffer.from('<SCRIPT src=//evil.example/x.js></SCRIPT>')]), contentType: 'image/jpeg' },
      {
        bytes: Buffer.from(
          '%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction 2 0 R>>endobj\n2 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\n%%EOF\n',
        ),
        contentType: 'application/pdf',
      },
    ];
    for (const file of cases) {
      const upload = await uploadFile(client.token, '/api/portal/uploads', { ...file, fileName: 'card', side: 'other' });
      const answer = await submit([upload.attachmentId]);
      expect(answer.status, file.contentType).toBe(422);
      expect(answer.body.error.code).toBe('upload_rejected');
      expect(await objectExists(`uploads/${client.clientId}/${upload.attachmentId}`)).toBe(false);
    }
  });
});

describe('stored images carry no metadata', () => {
  it('a JPEG with GPS, device, time, XMP and a comment is kept upright with none of them', async () => {
    // 60×30 pixels with EXIF orientation 6 (rotate 90° clockwise to view): upright it is 30×60.
    const base = await sharp({ create: { width: 60, height: 30, channels: 3, background: { r: 200, g: 210, b: 220 } } })
      .jpeg()
      .withExif({
        IFD0: { Make: 'PhoneMaker', Model: 'Phone 15', DateTime: '2026:01:02 03:04:05', Orientation: '6' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '40/1 26/1 46/1', GPSLongitudeRef: 'W', GPSLongitude: '79/1 58/1 56/1' },
      })
      .withMetadata({ orientation: 6 })
      .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>')
      .toBuffer();
    const comment = Buffer.from('HOME ADDRESS 12 Elm Street');
    const commentSegment = Buffer.concat([Buffer.from([0xff, 0xfe, 0, comment.length + 2]), comment]);
    const original = Buffer.concat([base.subarray(0, 2), commentSegment, base.subarray(2)]);
    const before = await sharp(original).metadata();
    expect(before.exif).toBeDefined();
    expect(before.orientation).toBe(6);
    expect(original.toString('latin1')).toContain('PhoneMaker');

    const upload = await uploadFile(client.token, '/api/portal/uploads', {
      bytes: original,
      fileName: 'IMG_0001.jpg',
      contentType: 'image/jpeg',
    });
    const answer = await submit([upload.attachmentId]);
    expect(answer.status).toBe(201);
    const { bytes, response } = await download(answer.body.policyId, upload.attachmentId);
    const after = await sharp(bytes).metadata();
    expect(after.format).toBe('jpeg');
    expect({ width: after.width, height: after.height }).toEqual({ width: 30, height: 60 });
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    const text = bytes.toString('latin1');
    for (const trace of ['PhoneMaker', 'Phone 15', '2026:01:02', 'Exif\0\0', 'adobe:ns:meta', 'HOME ADDRESS'])
      expect(text).not.toContain(trace);
    expect(bytes.includes(Buffer.from([0xff, 0xfe]))).toBe(false); // no COM segment
    expect(response.headers.get('content-type')).toBe('image/jpeg');
  });

  it('PNG text chunks and WebP EXIF are gone too', async () => {
    const png = await sharp(cardPng())
      .png()
      .withExif({ IFD0: { Make: 'PhoneMaker' } })
      .toBuffer();
    const webp = await sharp(cardPng())
      .webp()
      .withExif({ IFD0: { Make: 'PhoneMaker' } })
      .toBuffer();
    for (const [bytes, contentType] of [
      [png, 'image/png'],
      [webp, 'image/webp'],
    ] as const) {
      expect(bytes.toString('latin1')).toContain('PhoneMaker');
      const upload = await uploadFile(client.token, '/api/portal/uploads', { bytes, fileName: 'card', contentType });
      const answer = await submit([upload.attachmentId]);
      expect(answer.status, contentType).toBe(201);
      const kept = await download(answer.body.policyId, upload.attachmentId);
      expect(kept.bytes.toString('latin1')).not.toContain('PhoneMaker');
      expect((await sharp(kept.bytes).metadata()).exif, contentType).toBeUndefined();
    }
  });
});

describe('downloads say what they are', () => {
  it('a PDF downloads as an attachment with a safe name and its verified type; an image opens inline', async () => {
    const pdf = await uploadFile(client.token, '/api/portal/uploads', {
      bytes: PDF_BYTES,
      fileName: '"; evil=1 ../Jane Doe card.pdf',
      contentType: 'application/pdf',
      side: 'back',
    });
    const image = await uploadFile(client.token, '/api/portal/uploads', {
      bytes: cardPng(),
      fileName: 'front.png',
      contentType: 'image/png',
    });
    const answer = await submit([pdf.attachmentId, image.attachmentId]);
    expect(answer.status).toBe(201);
    const pdfDownload = await download(answer.body.policyId, pdf.attachmentId);
    expect(pdfDownload.response.headers.get('content-type')).toBe('application/pdf');
    expect(pdfDownload.response.headers.get('content-disposition')).toBe('attachment; filename="insurance-card-back.pdf"');
    const imageDownload = await download(answer.body.policyId, image.attachmentId);
    expect(imageDownload.response.headers.get('content-type')).toBe('image/png');
    expect(imageDownload.response.headers.get('content-disposition')).toBe('inline; filename="insurance-card-front.png"');
  });
});

describe("the practice's card-image rule is enforced by the server", () => {
  let original: any;
  beforeAll(async () => {
    original = (await as(await practitioner()).get('/api/practice/settings')).body;
    const saved = await as(await practitioner()).put('/api/practice/settings', {
      collectInsurance: original.collectInsurance,
      cardImages: 'front_and_back',
      version: original.version,
    });
    expect(saved.status).toBe(200);
  });
  afterAll(async () => {
    const current = (await as(await practitioner()).get('/api/practice/settings')).body;
    await as(await practitioner()).put('/api/practice/settings', {
      collectInsurance: current.collectInsurance,
      cardImages: original.cardImages,
      version: current.version,
    });
  });

  it('front and back required: a policy without the back is 400 naming the back; without any image names both', async () => {
    const front = await uploadFile(client.token, '/api/portal/uploads', { bytes: cardPng(), fileName: 'f.png', contentType: 'image/png' });
    const onlyFront = await submit([front.attachmentId]);
    expect(onlyFront.status).toBe(400);
    expect(onlyFront.body.error.code).toBe('validation_failed');
    expect(onlyFront.body.error.details.map((detail: any) => detail.path)).toEqual(['attachmentIds.back']);
    // Nothing was claimed: the same upload attaches once the back is there.
    const none = await submit([]);
    expect(none.status).toBe(400);
    expect(none.body.error.details.map((detail: any) => detail.path)).toEqual(['attachmentIds.front', 'attachmentIds.back']);

    const back = await uploadFile(client.token, '/api/portal/uploads', {
      bytes: cardPng(),
      fileName: 'b.png',
      contentType: 'image/png',
      side: 'back',
    });
    const both = await submit([front.attachmentId, back.attachmentId]);
    expect(both.status).toBe(201);
  });
});
