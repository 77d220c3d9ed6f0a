import { S3Client } from '@aws-sdk/client-s3';
import { localEndpoints, region, uploadBucketName } from './config.ts';

export const UPLOAD_BUCKET = uploadBucketName();

const endpoint = localEndpoints.s3();

export const s3 = new S3Client({
  region: region(),
  endpoint,
  // s3rver only understands path-style addressing.
  forcePathStyle: Boolean(endpoint),
  // Without these the SDK sends streamed bodies with aws-chunked framing, which s3rver stores verbatim.
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 10_000 },
});
