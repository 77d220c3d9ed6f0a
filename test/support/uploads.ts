import { as } from './api.ts';

/** The browser's half of an upload: ask for a pre-signed POST, then post the form straight to S3 (s3rver). */
export async function uploadFile(
  token: string,
  path: string,
  file: { bytes: Buffer; fileName: string; contentType: string; side?: 'front' | 'back' | 'other'; declaredSize?: number },
): Promise<{ attachmentId: string; uploadStatus: number; presign: any }> {
  const presign = await as(token).post(path, {
    fileName: file.fileName,
    contentType: file.contentType,
    size: file.declaredSize ?? file.bytes.length,
    side: file.side ?? 'front',
  });
  if (presign.status !== 201) throw new Error(`presign: ${presign.status} ${JSON.stringify(presign.body)}`);
  const form = new FormData();
  for (const [name, value] of Object.entries(presign.body.upload.fields as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), file.fileName);
  const response = await fetch(presign.body.upload.url, { method: 'POST', body: form });
  await response.arrayBuffer();
  return { attachmentId: presign.body.attachmentId, uploadStatus: response.status, presign: presign.body };
}
