/**
 * In AWS a bucket lifecycle rule expires objects under `uploads/` a day after they were written (an upload
 * that was never attached to a policy). s3rver has no lifecycle rules, so the local runtime does the same
 * sweep itself: at start and then hourly.
 */
import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { ABANDONED_UPLOAD_SECONDS } from '../../shared/constants.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './bootstrap.ts';

export function startAbandonedUploadSweeper(options: {
  endpoint: string;
  bucketName: string;
  log: (entry: Record<string, unknown>) => void;
}): { stop(): void } {
  const s3 = new S3Client({ region: LOCAL_REGION, endpoint: options.endpoint, credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
  const sweep = async () => {
    const cutoff = Date.now() - ABANDONED_UPLOAD_SECONDS * 1000;
    let removed = 0;
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: options.bucketName, Prefix: 'uploads/', ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        if (object.Key && object.LastModified && object.LastModified.getTime() < cutoff) {
          await s3.send(new DeleteObjectCommand({ Bucket: options.bucketName, Key: object.Key }));
          removed++;
        }
      }
      token = page.NextContinuationToken;
    } while (token);
    if (removed) options.log({ level: 'INFO', message: 'abandoned uploads removed', count: removed });
  };
  const run = () =>
    void sweep().catch((error: unknown) =>
      options.log({ level: 'WARN', message: 'upload sweep failed', errorType: (error as Error).name }),
    );
  run();
  const timer = setInterval(run, 60 * 60 * 1000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      s3.destroy();
    },
  };
}
