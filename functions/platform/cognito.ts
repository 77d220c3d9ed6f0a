import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { localEndpoints, region, userPoolId } from './config.ts';

export const USER_POOL_ID = userPoolId();

export const cognito = new CognitoIdentityProviderClient({
  region: region(),
  endpoint: localEndpoints.cognito(),
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 },
});
