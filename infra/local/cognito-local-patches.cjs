/**
 * Preloaded into the cognito-local child process (`node -r`, see services.ts) to close the gaps between
 * cognito-local 5.3.0 and Amazon Cognito that the product relies on. Each patch wraps cognito-local's own code
 * (its target table is a plain object looked up per request); nothing else about it changes.
 *
 * 1. A disabled user cannot sign in (cognito-local stores `Enabled: false` but InitiateAuth ignores it): Cognito
 *    answers NotAuthorizedException "User is disabled.".
 * 2. AdminUserGlobalSignOut exists (cognito-local has no refresh-token revocation, so there is nothing to undo;
 *    an unknown user is UserNotFoundException, as in Cognito).
 * 3. Messages Cognito would email — a forgot-password code, a colleague's temporary password — go to the parent
 *    process over the IPC channel instead of cognito-local's console box; the local runtime writes them to the
 *    outbox like every other email. They never reach a log.
 */
'use strict';
const { Targets } = require('cognito-local/lib/targets/targets');
const { NotAuthorizedError, UserNotFoundError } = require('cognito-local/lib/errors');
const { MessagesService } = require('cognito-local/lib/services/messages');

for (const name of ['InitiateAuth', 'AdminInitiateAuth']) {
  const original = Targets[name];
  Targets[name] = (services) => {
    const run = original(services);
    return async (ctx, req) => {
      const username = req && req.AuthParameters && req.AuthParameters.USERNAME;
      if (username) {
        const pool =
          name === 'InitiateAuth'
            ? await services.cognito.getUserPoolForClientId(ctx, req.ClientId)
            : await services.cognito.getUserPool(ctx, req.UserPoolId);
        const user = await pool.getUserByUsername(ctx, username);
        if (user && user.Enabled === false) throw new NotAuthorizedError('User is disabled.');
      }
      return run(ctx, req);
    };
  };
}

Targets.AdminUserGlobalSignOut = (services) => async (ctx, req) => {
  const pool = await services.cognito.getUserPool(ctx, req.UserPoolId);
  if (!(await pool.getUserByUsername(ctx, req.Username))) throw new UserNotFoundError();
  return {};
};

const deliver = MessagesService.prototype.deliver;
MessagesService.prototype.deliver = async function (ctx, source, clientId, userPoolId, user, code, clientMetadata, deliveryDetails) {
  if (typeof process.send === 'function' && deliveryDetails && deliveryDetails.DeliveryMedium === 'EMAIL') {
    const clientIdAttribute = (user.Attributes || []).find((attribute) => attribute.Name === 'custom:clientId');
    process.send({
      kind: 'cognito-email',
      source,
      to: deliveryDetails.Destination,
      code,
      username: user.Username,
      clientId: clientIdAttribute ? clientIdAttribute.Value : undefined,
    });
    return;
  }
  return deliver.apply(this, [ctx, source, clientId, userPoolId, user, code, clientMetadata, deliveryDetails]);
};
