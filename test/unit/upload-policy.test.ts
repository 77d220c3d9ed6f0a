import { beforeAll, describe, expect, it } from 'vitest';

/**
 * s3rver does not check POST policies, so the conditions that protect uploads in AWS are proven here by
 * decoding the policy the server signs.
 */
describe('the pre-signed POST policy for card uploads', () => {
  let form: { url: string; fields: Record<string, string> };
  let policy: { expiration: string; conditions: unknown[] };
  // Taken around the signing call itself (not when the file loads: importing the module may take a while on a
  // loaded machine, and that time is not part of the form's lifetime).
  let signedAt = 0;

  beforeAll(async () => {
    Object.assign(process.env, {
      TABLE_NAME: 'unit-table',
      UPLOAD_BUCKET_NAME: 'unit-uploads',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'unit',
      AWS_SECRET_ACCESS_KEY: 'unit',
    });
    const { presignUploadForm } = await import('../../functions/domain/uploads.ts');
    signedAt = Date.now();
    form = await presignUploadForm('client-1', 'attachment-1', 'image/png');
    policy = JSON.parse(Buffer.from(form.fields.Policy!, 'base64').toString('utf8'));
  });

  it('pins the exact server-generated key under the client’s pending uploads', () => {
    expect(form.fields.key).toBe('uploads/client-1/attachment-1');
    expect(policy.conditions).toContainEqual({ key: 'uploads/client-1/attachment-1' });
  });

  it('limits the size to 1 byte … 10 MiB', () => {
    expect(policy.conditions).toContainEqual(['content-length-range', 1, 10 * 1024 * 1024]);
  });

  it('requires the declared content type', () => {
    expect(policy.conditions).toContainEqual(['eq', '$Content-Type', 'image/png']);
    expect(form.fields['Content-Type']).toBe('image/png');
  });

  it('binds the bucket and expires within 5 minutes', () => {
    expect(policy.conditions).toContainEqual({ bucket: 'unit-uploads' });
    const lifetime = Date.parse(policy.expiration) - signedAt;
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(5 * 60_000 + 1_000);
  });

  it('is signed with SigV4', () => {
    expect(form.fields['X-Amz-Algorithm']).toBe('AWS4-HMAC-SHA256');
    expect(form.fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
  });
});
