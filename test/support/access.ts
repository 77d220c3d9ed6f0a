/** Sign-in and Cognito calls the access tests need beyond `signIn`: a result instead of a throw, forgot password. */
import { cognitoCall, eventually, initiatePasswordAuth, outboxFor, stack, type OutboxMessage } from './api.ts';

export { cognitoCall };

export async function signInResult(email: string, password: string): Promise<{ ok: boolean; idToken?: string; error?: string }> {
  const { body } = await initiatePasswordAuth<{ AuthenticationResult?: { IdToken: string }; __type?: string; ChallengeName?: string }>(
    email,
    password,
  );
  if (body.AuthenticationResult) return { ok: true, idToken: body.AuthenticationResult.IdToken };
  return { ok: false, error: body.__type ?? body.ChallengeName };
}

/** The newest outbox message to `to` whose subject matches, waiting for it (Cognito's mail arrives asynchronously). */
export async function awaitEmail(to: string, subject: RegExp): Promise<OutboxMessage & { html: string; from: string }> {
  return eventually(async () => (await outboxFor(to)).find((message) => subject.test(message.subject)) as any, { timeoutMs: 10_000 });
}

/** The code line of one of Cognito's emails ("Temporary password: …", "Your code: …"). */
export const codeIn = (message: OutboxMessage, label: string) => new RegExp(`${label}: (\\S+)`).exec(message.text)?.[1];

/**
 * A colleague invited through the team route signs in for the first time: the temporary password from the
 * outbox, then Cognito's NEW_PASSWORD_REQUIRED challenge answered with their own password. Returns the ID token.
 */
export async function firstSignIn(email: string, newPassword: string): Promise<string> {
  const message = await awaitEmail(email, /practice account/);
  const temporary = codeIn(message, 'Temporary password')!;
  const { userPoolClientId } = stack().resources;
  const started = await initiatePasswordAuth<{ ChallengeName?: string; Session?: string }>(email, temporary);
  if (started.body.ChallengeName !== 'NEW_PASSWORD_REQUIRED') throw new Error(`unexpected sign-in: ${JSON.stringify(started.body)}`);
  const answered = await cognitoCall<{ AuthenticationResult?: { IdToken: string } }>('RespondToAuthChallenge', {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    ClientId: userPoolClientId,
    Session: started.body.Session,
    ChallengeResponses: { USERNAME: email, NEW_PASSWORD: newPassword },
  });
  if (!answered.body.AuthenticationResult) throw new Error(`challenge failed: ${JSON.stringify(answered.body)}`);
  return answered.body.AuthenticationResult.IdToken;
}
