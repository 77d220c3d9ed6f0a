/**
 * Getting back in: "Forgot password?" is Cognito's own flow (ForgotPassword sends a code, ConfirmForgotPassword sets
 * the new password); locally the code arrives in the outbox, branded with the practice. The web reaches Cognito
 * through the gateway's own origin (/local/cognito), as these tests do. A used invitation link says so before
 * any password is typed (POST /api/portal/invitations/check).
 */
import { networkInterfaces } from 'node:os';
import { get } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { as, onboardPortalClient, outboxFor, practitioner, request, stack, tokenFromLink, unique } from '../support/api.ts';
import { awaitEmail, codeIn, signInResult } from '../support/access.ts';

/** A Cognito call through the gateway, exactly as the browser makes it. */
async function viaGateway(target: string, body: unknown) {
  const response = await fetch(`${stack().url}/local/cognito`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
    body: JSON.stringify({ ClientId: stack().resources.userPoolClientId, ...(body as object) }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('forgot password', () => {
  it('a portal client resets a forgotten password with the code from the outbox', async () => {
    const client = await onboardPortalClient();
    const asked = await viaGateway('ForgotPassword', { Username: client.email });
    expect(asked.status).toBe(200);
    expect(asked.body.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'EMAIL' });

    const email = await awaitEmail(client.email, /password reset code/);
    expect(email.subject).toBe('Maple Street Counseling: your password reset code');
    expect(email.from).toMatch(/^"Maple Street Counseling" </);
    expect(email.text).toContain('(555) 010-0142');
    expect(email.html).toContain('Maple Street Counseling');
    const code = codeIn(email, 'Your code')!;
    expect(code).toMatch(/^\d{6}$/);

    const wrong = await viaGateway('ConfirmForgotPassword', {
      Username: client.email,
      ConfirmationCode: '000000',
      Password: 'Brand-new-pass-1!',
    });
    expect(wrong.status).toBe(400);
    const confirmed = await viaGateway('ConfirmForgotPassword', {
      Username: client.email,
      ConfirmationCode: code,
      Password: 'Brand-new-pass-1!',
    });
    expect(confirmed.status).toBe(200);

    expect((await signInResult(client.email, client.password)).ok).toBe(false);
    const signedIn = await signInResult(client.email, 'Brand-new-pass-1!');
    expect(signedIn.ok).toBe(true);
    expect((await as(signedIn.idToken).get('/api/portal/me')).status).toBe(200);
  });
});

describe('the reset email speaks the client’s language', () => {
  it('a Spanish-speaking client gets the code email in Spanish, locally and from the deployed pool’s CustomMessage trigger', async () => {
    const client = await onboardPortalClient({ language: 'es', firstName: 'Lucía' });
    expect((await viaGateway('ForgotPassword', { Username: client.email })).status).toBe(200);
    const email = await awaitEmail(client.email, /cambiar la contraseña/);
    expect(email.subject).toBe('Maple Street Counseling: su código para cambiar la contraseña');
    expect(email.text).toContain('llame al (555) 010-0142');
    expect(email.text).not.toMatch(/password|Hello/);
    expect(codeIn(email, 'Su código')).toMatch(/^\d{6}$/);

    // The same builder behind the user pool's trigger, handed the event Cognito sends (against the same table).
    Object.assign(process.env, stack().handlerEnvironment);
    const { handler } = await import('../../functions/triggers/custom-message.ts');
    const event = (triggerSource: string, userAttributes: Record<string, string>) =>
      ({
        triggerSource,
        request: { userAttributes, codeParameter: '{####}', usernameParameter: null, clientMetadata: {} },
        response: { smsMessage: null, emailMessage: null, emailSubject: null },
      }) as any;
    const spanish = await handler(event('CustomMessage_ForgotPassword', { email: client.email, 'custom:clientId': client.clientId }));
    expect(spanish.response.emailSubject).toBe('Maple Street Counseling: su código para cambiar la contraseña');
    expect(spanish.response.emailMessage).toContain('{####}');
    expect(spanish.response.emailMessage).toContain('lang="es"');
    const staff = await handler(event('CustomMessage_ForgotPassword', { email: 'someone@practice.example' }));
    expect(staff.response.emailSubject).toBe('Maple Street Counseling: your password reset code');
    // Other messages keep the pool's own template.
    const other = await handler(event('CustomMessage_AdminCreateUser', { email: 'someone@practice.example' }));
    expect(other.response.emailMessage).toBeNull();
  });
});

describe('checking an invitation link before asking for a password', () => {
  it('a fresh link is usable (and stays so); a used one is 410 like accept', async () => {
    const api = as(await practitioner());
    const email = `${unique('check')}@example.test`.toLowerCase();
    const created = await api.post('/api/clients', { firstName: 'Cai', lastName: unique('Check'), email });
    await api.post(`/api/clients/${created.body.clientId}/invitations`, {});
    const [message] = await outboxFor(email);
    const token = tokenFromLink(message!.links[0]!);

    const fresh = await request('POST', '/api/portal/invitations/check', { body: { token } });
    expect(fresh.status).toBe(200);
    expect(fresh.body.status).toBe('usable');
    expect((await request('POST', '/api/portal/invitations/check', { body: { token } })).status).toBe(200);

    expect((await request('POST', '/api/portal/invitations/accept', { body: { token, password: 'Checked-pass-1!' } })).status).toBe(200);
    const used = await request('POST', '/api/portal/invitations/check', { body: { token } });
    expect(used.status).toBe(410);
    expect(used.body.error.code).toBe('invitation_expired');
    expect((await request('POST', '/api/portal/invitations/check', { body: { token: 'y'.repeat(43) } })).status).toBe(410);
  });
});

describe('the local gateway', () => {
  it('hands the browser its own origin as the Cognito endpoint and proxies Cognito there', async () => {
    const config = (await request('GET', '/config.json')).body;
    expect(config.cognito.endpoint).toBe(`${stack().url}/local/cognito`);
    // Reached through a forwarded port under another name (fetch may not set Host, so plain http).
    const forwarded = await new Promise<any>((resolve, reject) => {
      const url = new URL(`${stack().url}/config.json`);
      get(
        { host: '127.0.0.1', port: url.port, path: url.pathname, headers: { host: 'devbox.example:3000', 'x-forwarded-proto': 'https' } },
        (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolve(JSON.parse(text)));
        },
      ).on('error', reject);
    });
    expect(forwarded.cognito.endpoint).toBe('https://devbox.example:3000/local/cognito');

    const signIn = await viaGateway('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'practitioner@demo.test', PASSWORD: 'Practice-demo-1' },
    });
    expect(signIn.status).toBe(200);
    expect(typeof signIn.body.AuthenticationResult.IdToken).toBe('string');
    const notCognito = await fetch(`${stack().url}/local/cognito`, {
      method: 'POST',
      headers: { 'x-amz-target': 'Other.Thing' },
      body: '{}',
    });
    expect(notCognito.status).toBe(400);
  });

  it('listens on the loopback interface only (HOST unset)', async () => {
    const port = Number(new URL(stack().url).port);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (!external) return expect.soft(true, 'this machine has no non-loopback IPv4 address to try').toBe(true);
    const reached = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: external.address, port, timeout: 2_000 });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => (socket.destroy(), resolve(false)));
    });
    expect(reached).toBe(false);
  });
});
