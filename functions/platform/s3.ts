import { S3Client } from '@aws-sdk/client-s3';
import { localEndpoints, region, uploadBucketName } from './config.ts';
import { refuseCallsAfterRequestEnded } from './request-scope.ts';

export const UPLOAD_BUCKET = uploadBucketName();

const endpoint = localEndpoints.s3();

export const s3 = refuseCallsAfterRequestEnded(
  new S3Client({
    region: region(),
    endpoint,
    // s3rver only understands path-style addressing.
    forcePathStyle: Boolean(endpoint),
    // Without these the SDK sends streamed bodies with aws-chunked framing, which s3rver stores verbatim.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
    // Server-side copies of a 10 MiB card are the slowest call; two attempts stay within the function timeout.
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 4_000, throwOnRequestTimeout: true },
  }),
);
