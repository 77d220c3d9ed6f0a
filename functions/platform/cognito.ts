import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { localEndpoints, region, userPoolId } from './config.ts';
import { refuseCallsAfterRequestEnded } from './request-scope.ts';

export const USER_POOL_ID = userPoolId();

export const cognito = refuseCallsAfterRequestEnded(
  new CognitoIdentityProviderClient({
    region: region(),
    endpoint: localEndpoints.cognito(),
    maxAttempts: 3,
    // Fail fast enough that three attempts end well before the function's 10 s timeout; without
    // throwOnRequestTimeout the SDK only warns when requestTimeout passes.
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true },
  }),
);
