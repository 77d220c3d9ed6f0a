/**
 * Starts the local services in a throw-away folder, bootstraps them, signs a test user in and prints what
 * cognito-local puts in its ID token, then stops everything. For checking a machine or a cognito-local upgrade:
 *
 *   npx tsx infra/local/try-services.ts            # temp data dir, removed afterwards
 *   npx tsx infra/local/try-services.ts .data-try  # keep the data (run twice to see the restart path)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { CLIENT_ID_CLAIM, PRACTITIONERS_GROUP } from '../../shared/constants.ts';
import { bootstrapLocalResources, LOCAL_CREDENTIALS } from './bootstrap.ts';
import { startLocalServices } from './services.ts';

const keptDataDir = process.argv[2];
const dataDir = keptDataDir ? path.resolve(keptDataDir) : await mkdtemp(path.join(tmpdir(), 'portal-try-'));
const print = (line: string): void => void process.stdout.write(`${line}\n`);

const startedAt = performance.now();
const services = await startLocalServices({ dataDir, log: print });
try {
  print(`services ready in ${Math.round(performance.now() - startedAt)} ms: ${JSON.stringify(services.endpoints)}`);
  const bootstrapStartedAt = performance.now();
  const resources = await bootstrapLocalResources(services.endpoints, {
    dataDir,
    siteOrigin: 'http://localhost:3000',
  });
  print(`bootstrap in ${Math.round(performance.now() - bootstrapStartedAt)} ms: ${JSON.stringify(resources)}`);

  const cognito = new CognitoIdentityProviderClient({
    region: resources.region,
    endpoint: services.endpoints.cognito,
    credentials: LOCAL_CREDENTIALS,
  });
  const email = `try-${Date.now()}@example.test`;
  const password = 'Try-services-1';
  const { User } = await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: resources.userPoolId,
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
        { Name: CLIENT_ID_CLAIM, Value: 'client-123' },
      ],
    }),
  );
  await cognito.send(
    new AdminSetUserPasswordCommand({ UserPoolId: resources.userPoolId, Username: email, Password: password, Permanent: true }),
  );
  await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: resources.userPoolId, Username: email, GroupName: PRACTITIONERS_GROUP }));
  const { AuthenticationResult } = await cognito.send(
    new InitiateAuthCommand({
      ClientId: resources.userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  const idToken = AuthenticationResult?.IdToken;
  if (!idToken) throw new Error('no ID token');

  const jwksUrl = `${services.endpoints.cognito}/${resources.userPoolId}/.well-known/jwks.json`;
  const verified = await jwtVerify(idToken, createRemoteJWKSet(new URL(jwksUrl)), {
    issuer: `${services.endpoints.cognito}/${resources.userPoolId}`,
    audience: resources.userPoolClientId,
  });
  print(`created user: Username=${User?.Username} (the pool signs in by e-mail, so Cognito's user name is the sub)`);
  print(`JWKS: ${jwksUrl}`);
  print(`ID token header: ${JSON.stringify(decodeProtectedHeader(idToken))}`);
  print(`ID token claims (verified against the JWKS): ${JSON.stringify(verified.payload, null, 2)}`);
  print(`ExpiresIn: ${AuthenticationResult?.ExpiresIn}`);
  await cognito.send(new AdminDeleteUserCommand({ UserPoolId: resources.userPoolId, Username: email }));
  cognito.destroy();
} finally {
  const stopStartedAt = performance.now();
  await services.stop();
  print(`stopped in ${Math.round(performance.now() - stopStartedAt)} ms`);
  if (!keptDataDir) await rm(dataDir, { recursive: true, force: true });
}
