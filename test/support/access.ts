/** Sign-in and Cognito calls the access tests need beyond `signIn`: a result instead of a throw, forgot password. */
import { stack } from './api.ts';

export async function cognitoCall<T = any>(target: string, body: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(stack().endpoints.cognito, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export async function signInResult(email: string, password: string): Promise<{ ok: boolean; idToken?: string; error?: string }> {
  const { body } = await cognitoCall<{ AuthenticationResult?: { IdToken: string }; __type?: string; ChallengeName?: string }>(
    'InitiateAuth',
    {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: stack().resources.userPoolClientId,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    },
  );
  if (body.AuthenticationResult) return { ok: true, idToken: body.AuthenticationResult.IdToken };
  return { ok: false, error: body.__type ?? body.ChallengeName };
}
