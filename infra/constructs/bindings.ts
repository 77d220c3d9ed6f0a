/**
 * Binders: each gives a function one dependency in one call, the environment variable that names it *and* the
 * least-privilege grant to use it (the Powertools `bindTable({ table, accessMode })` habit). The API construct
 * calls them from each route's `needs` in functions/routes.ts, so a route's permissions are read off the route
 * table and nothing else. Explicit action lists instead of `grantReadData` & co: those include Scan and
 * DescribeTable, which no request path may use (reads are Get or Query only, never Scan).
 */
import { Aws } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { tableDefinition } from '../../functions/data/table-definition.ts';
import type { CognitoAccess } from '../../functions/routes.ts';
import { acknowledgeWildcardResource } from '../nag.ts';
import type { PortalFunction } from './portal-function.ts';
import { attachmentsPrefix, uploadsPrefix } from './uploads.ts';

export const tableReadActions = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'];
/** TransactWriteItems is authorised action by action: Put/Update/Delete/ConditionCheck on each item. */
export const tableWriteActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'];
const keyReadActions = ['kms:Decrypt', 'kms:DescribeKey'];
const keyWriteActions = ['kms:Encrypt', 'kms:GenerateDataKey'];

export type TableAccess = 'read' | 'write';

export function bindTable(fn: PortalFunction, props: { table: ITable; key: IKey; access: TableAccess }): void {
  const { table, key, access } = props;
  fn.addEnvironment('TABLE_NAME', table.tableName);
  const indexArns = tableDefinition.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`);
  fn.addToRolePolicy(new PolicyStatement({ sid: 'ReadTable', actions: tableReadActions, resources: [table.tableArn, ...indexArns] }));
  if (access === 'write') {
    fn.addToRolePolicy(new PolicyStatement({ sid: 'WriteTable', actions: tableWriteActions, resources: [table.tableArn] }));
  }
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'UseTableKey',
      actions: access === 'write' ? [...keyReadActions, ...keyWriteActions] : keyReadActions,
      resources: [key.keyArn],
    }),
  );
}

export type UploadsAccess = 'presign-post' | 'read' | 'verify';

/**
 * - presign-post: sign browser upload forms; a pre-signed POST carries the signer's rights, so PutObject under
 *   uploads/ only.
 * - read: sign GET URLs for attached files (attachments/ only) and read their malware-scan tag.
 * - verify: read and delete an upload to check it, then write the checked (re-encoded) bytes to attachments/ —
 *   the server never reads attachments/ back nor copies from uploads/ (domain/uploads.ts).
 */
export function bindUploads(
  fn: PortalFunction,
  props: { bucket: IBucket; key: IKey; access: UploadsAccess; malwareScanning: boolean },
): void {
  const { bucket, key, access } = props;
  fn.addEnvironment('UPLOAD_BUCKET_NAME', bucket.bucketName);
  fn.addEnvironment('MALWARE_SCANNING', props.malwareScanning ? 'on' : 'off');

  const uploads = `${bucket.bucketArn}/${uploadsPrefix}*`;
  const attachments = `${bucket.bucketArn}/${attachmentsPrefix}*`;
  const statements: { sid: string; actions: string[]; resources: string[] }[] = [];
  let keyActions: string[];
  switch (access) {
    case 'presign-post':
      statements.push({ sid: 'SignUploadForms', actions: ['s3:PutObject'], resources: [uploads] });
      keyActions = keyWriteActions;
      break;
    case 'read':
      statements.push({
        sid: 'SignAttachmentDownloads',
        actions: ['s3:GetObject', 's3:GetObjectTagging'],
        resources: [attachments],
      });
      keyActions = ['kms:Decrypt'];
      break;
    case 'verify':
      statements.push(
        { sid: 'InspectAndDiscardUploads', actions: ['s3:GetObject', 's3:DeleteObject'], resources: [uploads] },
        { sid: 'StoreVerifiedAttachments', actions: ['s3:PutObject'], resources: [attachments] },
      );
      keyActions = ['kms:Decrypt', ...keyWriteActions];
      break;
  }
  for (const statement of statements) fn.addToRolePolicy(new PolicyStatement(statement));
  fn.addToRolePolicy(new PolicyStatement({ sid: 'UseUploadKey', actions: keyActions, resources: [key.keyArn] }));

  const reason =
    'Object keys are generated per upload (<prefix><clientId>/<attachmentId>), so the grant names the prefix; the handler builds every key from the verified caller and never from client input alone.';
  const used = new Set(statements.flatMap((statement) => statement.resources));
  for (const resource of used) acknowledgeWildcardResource(fn.role!, resource, reason);
}

/**
 * Cognito administration, one profile per kind of route (functions/routes.ts `needs.cognito`):
 * - invite: create or look up a client's user (and delete one a revoked client left behind on a freed address);
 * - activate: the public accept route sets the password and enables the login, nothing else — it cannot create users;
 * - revoke: cut a client's login off (disable, sign out everywhere);
 * - team-list: list the members of the staff groups (colleagues created outside the dashboard have no team item);
 * - team: the practice admins' team routes (create colleagues, move them between groups, disable and enable).
 */
export const userPoolAdminActions: Record<CognitoAccess, string[]> = {
  invite: ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminDeleteUser'],
  activate: ['cognito-idp:AdminSetUserPassword', 'cognito-idp:AdminEnableUser', 'cognito-idp:AdminDisableUser', 'cognito-idp:AdminGetUser'],
  revoke: ['cognito-idp:AdminDisableUser', 'cognito-idp:AdminUserGlobalSignOut'],
  'team-list': ['cognito-idp:ListUsersInGroup'],
  team: [
    'cognito-idp:ListUsersInGroup',
    'cognito-idp:AdminCreateUser',
    'cognito-idp:AdminGetUser',
    'cognito-idp:AdminAddUserToGroup',
    'cognito-idp:AdminRemoveUserFromGroup',
    'cognito-idp:AdminDisableUser',
    'cognito-idp:AdminEnableUser',
    'cognito-idp:AdminUserGlobalSignOut',
  ],
};

export function bindUserPoolAdmin(
  fn: PortalFunction,
  props: { userPool: IUserPool; client: IUserPoolClient; access: CognitoAccess },
): void {
  fn.addEnvironment('USER_POOL_ID', props.userPool.userPoolId);
  fn.addEnvironment('USER_POOL_CLIENT_ID', props.client.userPoolClientId);
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'AdministerPortalUsers',
      actions: userPoolAdminActions[props.access],
      resources: [props.userPool.userPoolArn],
    }),
  );
}

/** Sends invitation mail through SES as the practice's sender only; the link points at the portal. */
export function bindEmail(fn: PortalFunction, props: { sender: string; senderIdentity: string; portalBaseUrl: string }): void {
  fn.addEnvironment('EMAIL_SENDER', props.sender);
  fn.addEnvironment('EMAIL_TRANSPORT', 'ses');
  fn.addEnvironment('PORTAL_BASE_URL', props.portalBaseUrl);
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'SendAsPracticeSender',
      actions: ['ses:SendEmail'],
      resources: [`arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:identity/${props.senderIdentity}`],
      conditions: { StringEquals: { 'ses:FromAddress': props.sender } },
    }),
  );
}
