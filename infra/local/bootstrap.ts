/**
 * Creates the local equivalents of what the CDK stack deploys — the table, the upload bucket, the user pool —
 * and is safe to run on every start: existing resources are reused, settings that depend on this run (the
 * site origin in the bucket's CORS) are re-applied.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  AddCustomAttributesCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ResourceNotFoundException as CognitoResourceNotFound,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ResourceNotFoundException as TableNotFound,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { tableDefinition } from '../../functions/data/table-definition.ts';
import { CLIENT_ID_ATTRIBUTE_NAME, CLIENT_ID_CLAIM, PRACTICE_ADMINS_GROUP, PRACTITIONERS_GROUP } from '../../shared/constants.ts';
import type { LocalServiceEndpoints } from './services.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface LocalResources {
  tableName: string;
  bucketName: string;
  userPoolId: string;
  userPoolClientId: string;
  region: string;
}

export interface BootstrapOptions {
  /** `<dataDir>/local-resources.json` remembers the Cognito ids (cognito-local generates them). */
  dataDir: string;
  /** The origin the browser loads the app from, e.g. `http://localhost:3000`; allowed by the bucket's CORS. */
  siteOrigin: string;
}

export const LOCAL_REGION = 'us-east-1';
/** DynamoDB Local and s3rver accept any credentials; cognito-local ignores them. Fixed so nothing is looked up. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const LOCAL_TABLE_NAME = 'portal-insurance';
export const LOCAL_BUCKET_NAME = 'portal-insurance-uploads';
const USER_POOL_NAME = 'portal-insurance';
const USER_POOL_CLIENT_NAME = 'portal-insurance-web';
const RESOURCES_FILE = 'local-resources.json';

export async function bootstrapLocalResources(endpoints: LocalServiceEndpoints, options: BootstrapOptions): Promise<LocalResources> {
  const clientConfig = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS } as const;
  const dynamodb = new DynamoDBClient({ ...clientConfig, endpoint: endpoints.dynamodb });
  const s3 = new S3Client({
    ...clientConfig,
    endpoint: endpoints.s3,
    forcePathStyle: true,
    // s3rver stores aws-chunked bodies verbatim when the SDK adds its default checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const cognito = new CognitoIdentityProviderClient({ ...clientConfig, endpoint: endpoints.cognito });
  try {
    const [, , userPool] = await Promise.all([
      ensureTable(dynamodb, LOCAL_TABLE_NAME),
      ensureUploadBucket(s3, LOCAL_BUCKET_NAME, options.siteOrigin),
      ensureUserPool(cognito, path.join(path.resolve(options.dataDir), RESOURCES_FILE)),
    ]);
    return {
      tableName: LOCAL_TABLE_NAME,
      bucketName: LOCAL_BUCKET_NAME,
      userPoolId: userPool.userPoolId,
      userPoolClientId: userPool.userPoolClientId,
      region: LOCAL_REGION,
    };
  } finally {
    dynamodb.destroy();
    s3.destroy();
    cognito.destroy();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Table

async function ensureTable(dynamodb: DynamoDBClient, tableName: string): Promise<void> {
  const existing = await describeTable(dynamodb, tableName);
  if (existing) {
    await assertTableMatchesDefinition(dynamodb, existing);
  } else {
    const { partitionKey, sortKey, globalSecondaryIndexes, streamViewType } = tableDefinition;
    const keyAttributes = [partitionKey, sortKey, ...globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey])];
    await dynamodb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...new Set(keyAttributes)].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: globalSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
        StreamSpecification: { StreamEnabled: true, StreamViewType: streamViewType },
      }),
    );
    await waitUntilTableExists({ client: dynamodb, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
  }
  await enableTimeToLive(dynamodb, tableName);
}

async function describeTable(dynamodb: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await dynamodb.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof TableNotFound) return undefined;
    throw error;
  }
}

/**
 * A table left by an older checkout may differ from the definition. Its keys cannot be changed in place, so
 * that is a clear error; an index the definition added since can be created (DynamoDB builds it from the
 * existing items, so they appear in it as they are), and a missing stream can be switched on.
 */
async function assertTableMatchesDefinition(dynamodb: DynamoDBClient, table: TableDescription): Promise<void> {
  const keyNames = (table.KeySchema ?? []).map((key) => key.AttributeName);
  const existingIndexes = new Map((table.GlobalSecondaryIndexes ?? []).map((index) => [index.IndexName, index]));
  const keysMatch = keyNames[0] === tableDefinition.partitionKey && keyNames[1] === tableDefinition.sortKey;
  const indexesMatch = tableDefinition.globalSecondaryIndexes.every((index) => {
    const existing = existingIndexes.get(index.indexName);
    const schema = existing?.KeySchema?.map((key) => key.AttributeName);
    return !existing || (schema?.[0] === index.partitionKey && schema?.[1] === index.sortKey);
  });
  if (!keysMatch || !indexesMatch) {
    throw new Error(
      `Local table ${table.TableName} does not match functions/data/table-definition.ts; ` +
        'delete the dynamodb folder in the data directory to recreate it',
    );
  }
  for (const index of tableDefinition.globalSecondaryIndexes.filter((index) => !existingIndexes.has(index.indexName))) {
    // One index per UpdateTable call (DynamoDB's rule); DynamoDB Local builds it at once.
    await dynamodb.send(
      new UpdateTableCommand({
        TableName: table.TableName,
        AttributeDefinitions: [index.partitionKey, index.sortKey].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: index.indexName,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' },
                { AttributeName: index.sortKey, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          },
        ],
      }),
    );
    await waitForIndex(dynamodb, table.TableName!, index.indexName);
  }
  const stream = table.StreamSpecification;
  if (!stream?.StreamEnabled || stream.StreamViewType !== tableDefinition.streamViewType) {
    await dynamodb.send(
      new UpdateTableCommand({
        TableName: table.TableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.streamViewType },
      }),
    );
  }
}

/** A new index backfills before it answers queries; the runtime must not start before it does. */
async function waitForIndex(dynamodb: DynamoDBClient, tableName: string, indexName: string): Promise<void> {
  for (let waited = 0; waited < 300; waited++) {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.GlobalSecondaryIndexes?.find((index) => index.IndexName === indexName)?.IndexStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Index ${indexName} of the local table did not become active within 30 s`);
}

/** DynamoDB Local accepts TTL settings (3.x); should a version not, expiry is simply not simulated locally. */
async function enableTimeToLive(dynamodb: DynamoDBClient, tableName: string): Promise<void> {
  try {
    const current = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    const status = current.TimeToLiveDescription?.TimeToLiveStatus;
    if (status === 'ENABLED' || status === 'ENABLING') return;
    await dynamodb.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: tableDefinition.timeToLiveAttribute },
      }),
    );
  } catch {
    // Not supported: nothing to do.
  }
}

// ---------------------------------------------------------------------------------------------------------
// Upload bucket

async function ensureUploadBucket(s3: S3Client, bucketName: string, siteOrigin: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucketName }));
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw error;
    await s3.send(new CreateBucketCommand({ Bucket: bucketName }));
  }
  // Re-applied on every start: the origin changes with PORT.
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucketName,
      CORSConfiguration: {
        CORSRules: [
          {
            // POST: the pre-signed form upload; GET: the pre-signed attachment download.
            AllowedOrigins: equivalentLoopbackOrigins(siteOrigin),
            AllowedMethods: ['POST', 'GET'],
            AllowedHeaders: ['*'],
            ExposeHeaders: ['ETag', 'Location'],
            MaxAgeSeconds: 300,
          },
        ],
      },
    }),
  );
}

/** `http://localhost:3000` and `http://127.0.0.1:3000` are the same site to a developer, not to CORS. */
function equivalentLoopbackOrigins(siteOrigin: string): string[] {
  const origin = new URL(siteOrigin).origin;
  const url = new URL(origin);
  if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
  else if (url.hostname === '127.0.0.1') url.hostname = 'localhost';
  return [...new Set([origin, url.origin])];
}

// ---------------------------------------------------------------------------------------------------------
// User pool

interface UserPoolIds {
  userPoolId: string;
  userPoolClientId: string;
}

/**
 * cognito-local generates the ids, so they are remembered in the data directory. On a restart they are
 * checked against cognito-local (its own data may have been deleted) and anything missing is recreated.
 */
async function ensureUserPool(cognito: CognitoIdentityProviderClient, resourcesFile: string): Promise<UserPoolIds> {
  const remembered = await readRememberedIds(resourcesFile);
  const userPoolId =
    (remembered && (await userPoolExists(cognito, remembered.userPoolId)) ? remembered.userPoolId : undefined) ??
    (await findUserPoolByName(cognito, USER_POOL_NAME)) ??
    (await createUserPool(cognito));
  await ensureClientIdAttribute(cognito, userPoolId);
  await ensureGroup(cognito, userPoolId, PRACTITIONERS_GROUP);
  await ensureGroup(cognito, userPoolId, PRACTICE_ADMINS_GROUP);

  const rememberedClientId = remembered?.userPoolId === userPoolId ? remembered.userPoolClientId : undefined;
  const userPoolClientId =
    (rememberedClientId && (await userPoolClientExists(cognito, userPoolId, rememberedClientId)) ? rememberedClientId : undefined) ??
    (await findUserPoolClientByName(cognito, userPoolId, USER_POOL_CLIENT_NAME)) ??
    (await createUserPoolClient(cognito, userPoolId));

  const ids = { userPoolId, userPoolClientId };
  if (remembered?.userPoolId !== userPoolId || remembered.userPoolClientId !== userPoolClientId) {
    await writeFileAtomically(resourcesFile, `${JSON.stringify({ ...ids, region: LOCAL_REGION }, null, 2)}\n`);
  }
  return ids;
}

async function readRememberedIds(file: string): Promise<UserPoolIds | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { userPoolId, userPoolClientId } = parsed as Record<string, unknown>;
    return typeof userPoolId === 'string' && typeof userPoolClientId === 'string' ? { userPoolId, userPoolClientId } : undefined;
  } catch {
    // Missing or unreadable: look the pool up by name instead.
    return undefined;
  }
}

async function userPoolExists(cognito: CognitoIdentityProviderClient, userPoolId: string): Promise<boolean> {
  return whenFound(() => cognito.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId })));
}

async function userPoolClientExists(cognito: CognitoIdentityProviderClient, userPoolId: string, clientId: string): Promise<boolean> {
  return whenFound(() => cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId })));
}

async function whenFound(describe: () => Promise<unknown>): Promise<boolean> {
  try {
    await describe();
    return true;
  } catch (error) {
    if (error instanceof CognitoResourceNotFound) return false;
    throw error;
  }
}

async function findUserPoolByName(cognito: CognitoIdentityProviderClient, name: string): Promise<string | undefined> {
  const { UserPools = [] } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  return UserPools.find((pool) => pool.Name === name)?.Id;
}

async function findUserPoolClientByName(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  name: string,
): Promise<string | undefined> {
  const { UserPoolClients = [] } = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
  return UserPoolClients.find((client) => client.ClientName === name)?.ClientId;
}

async function createUserPool(cognito: CognitoIdentityProviderClient): Promise<string> {
  const { UserPool } = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: USER_POOL_NAME,
      // People sign in with their e-mail address; Cognito's user name is then the user's sub.
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      // Accounts are created by the practice (invitations, the seed), never by self sign-up.
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Schema: [clientIdAttributeSchema],
    }),
  );
  if (!UserPool?.Id) throw new Error('cognito-local created a user pool without an id');
  return UserPool.Id;
}

/** `custom:clientId` links a portal user to their client record; the practice sets it, so it is mutable. */
const clientIdAttributeSchema = {
  Name: CLIENT_ID_ATTRIBUTE_NAME,
  AttributeDataType: 'String',
  Mutable: true,
  StringAttributeConstraints: { MinLength: '1', MaxLength: '64' },
} as const;

async function ensureClientIdAttribute(cognito: CognitoIdentityProviderClient, userPoolId: string): Promise<void> {
  const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
  const hasAttribute = (UserPool?.SchemaAttributes ?? []).some((attribute) => attribute.Name === CLIENT_ID_CLAIM);
  if (!hasAttribute) {
    await cognito.send(new AddCustomAttributesCommand({ UserPoolId: userPoolId, CustomAttributes: [clientIdAttributeSchema] }));
  }
}

async function ensureGroup(cognito: CognitoIdentityProviderClient, userPoolId: string, groupName: string): Promise<void> {
  // ListGroups, not GetGroup: cognito-local 5.3 answers GetGroup with a 500 (not ResourceNotFound) while the
  // pool has no group at all.
  const { Groups = [] } = await cognito.send(new ListGroupsCommand({ UserPoolId: userPoolId, Limit: 60 }));
  if (!Groups.some((group) => group.GroupName === groupName)) {
    await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: groupName }));
  }
}

async function createUserPoolClient(cognito: CognitoIdentityProviderClient, userPoolId: string): Promise<string> {
  const { UserPoolClient } = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: USER_POOL_CLIENT_NAME,
      // A browser app cannot keep a secret.
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      // Cognito's own defaults, stated: cognito-local would otherwise issue 24-hour ID tokens, hiding refresh bugs.
      IdTokenValidity: 60,
      AccessTokenValidity: 60,
      RefreshTokenValidity: 30,
      TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'days' },
      PreventUserExistenceErrors: 'ENABLED',
    }),
  );
  if (!UserPoolClient?.ClientId) throw new Error('cognito-local created an app client without an id');
  return UserPoolClient.ClientId;
}

async function writeFileAtomically(file: string, contents: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, file);
}
