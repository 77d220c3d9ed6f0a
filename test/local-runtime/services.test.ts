/**
 * The local AWS stand-ins and their bootstrap: started in a temp folder, checked against what the app and the
 * gateway rely on, restarted on the same data, and stopped without leaving a process behind.
 */
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { GetBucketCorsCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tableDefinition } from '../../functions/data/table-definition.ts';
import { bootstrapLocalResources, LOCAL_CREDENTIALS, LOCAL_REGION, type LocalResources } from '../../infra/local/bootstrap.ts';
import { PRACTICE_ADMINS_GROUP, PRACTITIONERS_GROUP } from '../../shared/constants.ts';
import { startLocalServices, type LocalServiceEndpoints, type LocalServices } from '../../infra/local/services.ts';

const SITE_ORIGIN = 'http://localhost:3999';
const PASSWORD = 'Local-test-pass-1';

let dataDir: string;
let services: LocalServices | undefined;
let resources: LocalResources;
let startupMs: number;

const clientsFor = (endpoints: LocalServiceEndpoints) => {
  const config = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  return {
    dynamodb: new DynamoDBClient({ ...config, endpoint: endpoints.dynamodb }),
    s3: new S3Client({
      ...config,
      endpoint: endpoints.s3,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
    cognito: new CognitoIdentityProviderClient({ ...config, endpoint: endpoints.cognito }),
  };
};

async function createUser(cognito: CognitoIdentityProviderClient, email: string, attributes: Record<string, string> = {}): Promise<void> {
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: resources.userPoolId,
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: Object.entries({ email, ...attributes }).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  await cognito.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: resources.userPoolId,
      Username: email,
      Password: PASSWORD,
      Permanent: true,
    }),
  );
}

async function signIn(cognito: CognitoIdentityProviderClient, email: string): Promise<string> {
  const { AuthenticationResult } = await cognito.send(
    new InitiateAuthCommand({
      ClientId: resources.userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: PASSWORD },
    }),
  );
  if (!AuthenticationResult?.IdToken) throw new Error('no ID token');
  return AuthenticationResult.IdToken;
}

/** Pids of live processes whose parent is this test process (Linux /proc). */
async function childProcessIds(): Promise<number[]> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const children: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the parenthesised command name: state, ppid, …
    const [state, parentPid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(parentPid) === process.pid && state !== 'Z') children.push(Number(entry));
  }
  return children;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'portal-services-'));
  const startedAt = performance.now();
  services = await startLocalServices({ dataDir });
  startupMs = performance.now() - startedAt;
  resources = await bootstrapLocalResources(services.endpoints, { dataDir, siteOrigin: SITE_ORIGIN });
});

afterAll(async () => {
  await services?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('local services', () => {
  test('start well within 30 seconds, each on its own loopback port', () => {
    expect(startupMs).toBeLessThan(20_000);
    const endpoints = Object.values(services?.endpoints ?? {});
    expect(endpoints).toHaveLength(3);
    for (const endpoint of endpoints) expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new Set(endpoints).size).toBe(3);
  });

  test('bootstrap builds the table from the shared table definition', async () => {
    const { dynamodb } = clientsFor(services!.endpoints);
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: resources.tableName }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(Table?.GlobalSecondaryIndexes).toEqual(
      tableDefinition.globalSecondaryIndexes.map((index) =>
        expect.objectContaining({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
      ),
    );
    const ttl = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: resources.tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: tableDefinition.timeToLiveAttribute,
    });
    dynamodb.destroy();
  });

  test('bootstrap sets up the user pool the gateway and the web expect', async () => {
    const { cognito } = clientsFor(services!.endpoints);
    const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: resources.userPoolId }));
    expect(UserPool?.SchemaAttributes).toContainEqual(
      expect.objectContaining({ Name: 'custom:clientId', AttributeDataType: 'String', Mutable: true }),
    );
    const { Groups } = await cognito.send(new ListGroupsCommand({ UserPoolId: resources.userPoolId }));
    expect(Groups?.map((group) => group.GroupName).sort()).toEqual([PRACTICE_ADMINS_GROUP, PRACTITIONERS_GROUP].sort());
    const { UserPoolClient } = await cognito.send(
      new DescribeUserPoolClientCommand({ UserPoolId: resources.userPoolId, ClientId: resources.userPoolClientId }),
    );
    expect(UserPoolClient?.ClientSecret).toBeUndefined();
    expect(UserPoolClient?.ExplicitAuthFlows).toEqual(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    cognito.destroy();
  });

  test('bootstrap is idempotent', async () => {
    const again = await bootstrapLocalResources(services!.endpoints, { dataDir, siteOrigin: SITE_ORIGIN });
    expect(again).toEqual(resources);
    const { cognito } = clientsFor(services!.endpoints);
    const { Groups } = await cognito.send(new ListGroupsCommand({ UserPoolId: resources.userPoolId }));
    expect(Groups).toHaveLength(2);
    cognito.destroy();
  });

  test('bootstrap adds an index the definition gained to a table an older checkout created, with the items already in it', async () => {
    const { dynamodb } = clientsFor(services!.endpoints);
    const newest = tableDefinition.globalSecondaryIndexes.at(-1)!;
    // The table as an older checkout left it: without the newest index, holding an item that belongs in it.
    await dynamodb.send(
      new UpdateTableCommand({
        TableName: resources.tableName,
        GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: newest.indexName } }],
      }),
    );
    const indexNames = async () =>
      ((await dynamodb.send(new DescribeTableCommand({ TableName: resources.tableName }))).Table?.GlobalSecondaryIndexes ?? []).map(
        (index) => `${index.IndexName}:${index.IndexStatus}`,
      );
    for (let waited = 0; (await indexNames()).some((name) => name.startsWith(`${newest.indexName}:`)) && waited < 50; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await indexNames()).some((name) => name.startsWith(`${newest.indexName}:`))).toBe(false);
    await dynamodb.send(
      new PutItemCommand({
        TableName: resources.tableName,
        Item: { pk: { S: 'OLD#1' }, sk: { S: 'OLD' }, [newest.partitionKey]: { S: 'OLD_PARTITION' }, [newest.sortKey]: { S: 'a' } },
      }),
    );

    await bootstrapLocalResources(services!.endpoints, { dataDir, siteOrigin: SITE_ORIGIN });

    const after = await dynamodb.send(new DescribeTableCommand({ TableName: resources.tableName }));
    expect(after.Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(
      tableDefinition.globalSecondaryIndexes.map((index) => index.indexName).sort(),
    );
    const found = await dynamodb.send(
      new QueryCommand({
        TableName: resources.tableName,
        IndexName: newest.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': newest.partitionKey },
        ExpressionAttributeValues: { ':pk': { S: 'OLD_PARTITION' } },
      }),
    );
    expect(found.Items?.map((item) => item.pk?.S)).toEqual(['OLD#1']);
    dynamodb.destroy();
  });

  test('the upload bucket lets the site origin POST from a browser, and nobody else', async () => {
    const { s3 } = clientsFor(services!.endpoints);
    const { CORSRules } = await s3.send(new GetBucketCorsCommand({ Bucket: resources.bucketName }));
    expect(CORSRules?.[0]?.AllowedOrigins).toContain(SITE_ORIGIN);
    s3.destroy();

    const preflight = (origin: string) =>
      fetch(`${services!.endpoints.s3}/${resources.bucketName}`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      });
    const allowed = await preflight(SITE_ORIGIN);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBeTruthy();
    expect((await preflight('http://127.0.0.1:3999')).status).toBe(200);
    expect((await preflight('https://evil.example')).status).toBe(403);
  });

  test('ID tokens verify against the JWKS and carry the issuer, audience, groups and clientId', async () => {
    const { cognito } = clientsFor(services!.endpoints);
    const practitioner = `practitioner-${Date.now()}@example.test`;
    const client = `client-${Date.now()}@example.test`;
    await createUser(cognito, practitioner);
    await cognito.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: resources.userPoolId,
        Username: practitioner,
        GroupName: PRACTITIONERS_GROUP,
      }),
    );
    await createUser(cognito, client, { 'custom:clientId': 'client-42' });

    const issuer = `${services!.endpoints.cognito}/${resources.userPoolId}`;
    const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
    const verify = async (email: string) =>
      (await jwtVerify(await signIn(cognito, email), jwks, { issuer, audience: resources.userPoolClientId })).payload;

    const practitionerClaims = await verify(practitioner);
    expect(practitionerClaims).toMatchObject({ token_use: 'id', email: practitioner, 'cognito:groups': ['practitioners'] });
    expect(practitionerClaims['custom:clientId']).toBeUndefined();
    // Cognito's default ID token lifetime, set explicitly by the bootstrap (cognito-local would give 24 h).
    expect((practitionerClaims.exp ?? 0) - (practitionerClaims.iat ?? 0)).toBe(3600);

    const clientClaims = await verify(client);
    expect(clientClaims).toMatchObject({ token_use: 'id', 'custom:clientId': 'client-42' });
    expect(clientClaims['cognito:groups']).toBeUndefined();
    cognito.destroy();
  });

  test('two copies run side by side on different ports', async () => {
    const otherDataDir = await mkdtemp(path.join(tmpdir(), 'portal-services-other-'));
    const other = await startLocalServices({ dataDir: otherDataDir });
    try {
      for (const name of ['dynamodb', 's3', 'cognito'] as const) {
        expect(other.endpoints[name]).not.toBe(services!.endpoints[name]);
      }
      const { dynamodb } = clientsFor(other.endpoints);
      // A separate database: the first copy's table is not there.
      expect((await dynamodb.send(new ListTablesCommand({}))).TableNames).toEqual([]);
      dynamodb.destroy();
    } finally {
      await other.stop();
      await rm(otherDataDir, { recursive: true, force: true });
    }
  });

  test('a restart keeps the data, and stop() leaves no process behind', async () => {
    const before = clientsFor(services!.endpoints);
    const email = `restart-${Date.now()}@example.test`;
    await before.dynamodb.send(
      new PutItemCommand({ TableName: resources.tableName, Item: { pk: { S: 'CLIENT#r1' }, sk: { S: 'PROFILE' } } }),
    );
    await before.s3.send(new PutObjectCommand({ Bucket: resources.bucketName, Key: 'uploads/r1/card', Body: 'card-bytes' }));
    await createUser(before.cognito, email);
    for (const client of Object.values(before)) client.destroy();

    const firstProcessIds = services!.processIds;
    expect(firstProcessIds.length).toBeGreaterThanOrEqual(3);
    expect(firstProcessIds.every(isAlive)).toBe(true);
    await services!.stop();
    expect(firstProcessIds.filter(isAlive)).toEqual([]);
    expect(await childProcessIds()).toEqual([]);

    services = await startLocalServices({ dataDir });
    const afterRestart = await bootstrapLocalResources(services.endpoints, { dataDir, siteOrigin: SITE_ORIGIN });
    expect(afterRestart).toEqual(resources);
    const after = clientsFor(services.endpoints);
    const { Item } = await after.dynamodb.send(
      new GetItemCommand({ TableName: resources.tableName, Key: { pk: { S: 'CLIENT#r1' }, sk: { S: 'PROFILE' } } }),
    );
    expect(Item).toBeDefined();
    const object = await after.s3.send(new GetObjectCommand({ Bucket: resources.bucketName, Key: 'uploads/r1/card' }));
    expect(await object.Body?.transformToString()).toBe('card-bytes');
    expect(await signIn(after.cognito, email)).toEqual(expect.any(String));
    for (const client of Object.values(after)) client.destroy();

    const secondProcessIds = services.processIds;
    await services.stop();
    services = undefined;
    expect(secondProcessIds.filter(isAlive)).toEqual([]);
    expect(await childProcessIds()).toEqual([]);
  });
});
