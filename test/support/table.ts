/** Direct access to the local stack's table and bucket, for arranging states the API cannot produce (an expired invitation) and for checking what was or was not written. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { stack } from './api.ts';

let documentClient: DynamoDBDocumentClient | undefined;
let s3Client: S3Client | undefined;

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export function table() {
  documentClient ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'us-east-1', endpoint: stack().endpoints.dynamodb, credentials }),
  );
  return documentClient;
}

export function bucket() {
  s3Client ??= new S3Client({
    region: 'us-east-1',
    endpoint: stack().endpoints.s3,
    credentials,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return s3Client;
}

export const tableName = () => stack().resources.tableName;

export async function getRaw(pk: string, sk: string) {
  return (await table().send(new GetCommand({ TableName: tableName(), Key: { pk, sk }, ConsistentRead: true }))).Item;
}

export async function partition(pk: string, prefix = '') {
  const result = await table().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
      ExpressionAttributeValues: prefix ? { ':pk': pk, ':prefix': prefix } : { ':pk': pk },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}

export async function setAttribute(pk: string, sk: string, name: string, value: unknown) {
  await table().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { pk, sk },
      UpdateExpression: 'SET #n = :v',
      ExpressionAttributeNames: { '#n': name },
      ExpressionAttributeValues: { ':v': value },
    }),
  );
}

export async function objectExists(key: string): Promise<boolean> {
  try {
    await bucket().send(new HeadObjectCommand({ Bucket: stack().resources.bucketName, Key: key }));
    return true;
  } catch {
    return false;
  }
}
