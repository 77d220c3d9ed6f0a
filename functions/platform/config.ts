/**
 * Configuration read once at cold start. Each getter validates only the variables its concern needs, so a
 * function that never touches S3 does not require the bucket name, and a missing variable fails the cold
 * start loudly instead of a request quietly.
 */

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing required environment variable ${name}`);
  return value;
}

const optionalEnv = (name: string): string | undefined => process.env[name] || undefined;

export const region = (): string => process.env.AWS_REGION ?? 'us-east-1';

/** Local endpoints: only set by the embedded local runtime; absent in AWS. */
export const localEndpoints = {
  dynamodb: () => optionalEnv('DYNAMODB_ENDPOINT'),
  s3: () => optionalEnv('S3_ENDPOINT'),
  cognito: () => optionalEnv('COGNITO_ENDPOINT'),
};

export const tableName = (): string => requiredEnv('TABLE_NAME');
export const uploadBucketName = (): string => requiredEnv('UPLOAD_BUCKET_NAME');
export const userPoolId = (): string => requiredEnv('USER_POOL_ID');
export const portalBaseUrl = (): string => requiredEnv('PORTAL_BASE_URL').replace(/\/+$/, '');
export const emailSender = (): string => requiredEnv('EMAIL_SENDER');
export const emailTransport = (): 'ses' | 'outbox' => (optionalEnv('EMAIL_TRANSPORT') === 'outbox' ? 'outbox' : 'ses');
export const outboxDir = (): string => requiredEnv('OUTBOX_DIR');
/** With GuardDuty malware protection on, attachments are served only once tagged NO_THREATS_FOUND. */
export const malwareScanningEnabled = (): boolean => optionalEnv('MALWARE_SCANNING') === 'on';
