/**
 * The route table is the only place that says who may call a route and what its function may touch. These tests
 * read the synthesized template back and fail when a route loses its authorizer or its function gains any
 * permission its `needs` do not call for. The expected permissions are written out here, independently of
 * infra/constructs/bindings.ts, so that broadening a binder fails a test instead of passing silently.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '../../functions/data/table-definition.ts';
import { routes, type RouteDefinition } from '../../functions/routes.ts';
import type { PracticeStack } from '../../infra/practice-stack.ts';
import { synthPractice, type SynthesizedPractice } from './synth.ts';
import {
  getAtt,
  grantedToRole,
  joined,
  logicalId,
  ref,
  resource,
  resourcesOfType,
  roleIdOf,
  type CfnResourceJson,
} from './template-queries.ts';

let practice: SynthesizedPractice;
beforeAll(() => {
  practice = synthPractice('demo');
});

type Template = Record<string, CfnResourceJson>;

/** Every problem with the routes' authorization in `resources`; [] when each route is as the table says. */
export function authorizationProblems(stack: PracticeStack, resources: Template, table: readonly RouteDefinition[]): string[] {
  const problems: string[] = [];
  const authorizers = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Authorizer');
  const jwtAuthorizerIds = authorizers.filter(([, r]) => r.Properties!.AuthorizerType === 'JWT').map(([id]) => id);
  if (jwtAuthorizerIds.length !== 1) problems.push(`expected one JWT authorizer, found ${jwtAuthorizerIds.length}`);
  const routesByKey = new Map(
    Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Route')
      .map(([, r]) => [r.Properties!.RouteKey as string, r.Properties!]),
  );
  for (const route of table) {
    const key = `${route.method} ${route.path}`;
    const deployed = routesByKey.get(key);
    if (!deployed) {
      problems.push(`${key}: not deployed`);
      continue;
    }
    if (route.access === 'public') {
      if (deployed.AuthorizationType !== 'NONE') problems.push(`${key}: public route has authorization ${deployed.AuthorizationType}`);
    } else if (
      deployed.AuthorizationType !== 'JWT' ||
      JSON.stringify(deployed.AuthorizerId) !== JSON.stringify(ref(jwtAuthorizerIds[0] ?? '?'))
    ) {
      problems.push(`${key}: ${route.access} route is not behind the JWT authorizer (${deployed.AuthorizationType})`);
    }
    // The route reaches its own function, no other.
    const integrationId = String(deployed.Target?.['Fn::Join']?.[1]?.[1]?.Ref ?? '');
    const integration = resources[integrationId];
    const fn = stack.api.routeFunctions.get(route.id);
    if (!integration || !fn || JSON.stringify(integration.Properties!.IntegrationUri) !== JSON.stringify(getAtt(logicalId(stack, fn)))) {
      problems.push(`${key}: not integrated with its own function`);
    }
  }
  for (const key of routesByKey.keys()) {
    if (!table.some((route) => `${route.method} ${route.path}` === key)) problems.push(`${key}: deployed but not in the route table`);
  }
  return problems;
}

/** What a route's function may do, written from the route's `needs` (least privilege: only the grants each `needs` entry implies). */
export function expectedPermissions(stack: PracticeStack, route: Pick<RouteDefinition, 'needs'>, functionLogsIds: string[]): Set<string> {
  const table = getAtt(logicalId(stack, stack.data.table));
  const indexes = tableDefinition.globalSecondaryIndexes.map((index) => joined(table, `/index/${index.indexName}`));
  const key = getAtt(logicalId(stack, stack.key.key));
  const bucket = getAtt(logicalId(stack, stack.uploads.bucket));
  const uploads = joined(bucket, '/uploads/*');
  const attachments = joined(bucket, '/attachments/*');
  const pool = getAtt(logicalId(stack, stack.auth.userPool));
  const pairs: [string, unknown][] = [
    // Every function: its own log group (a shared role: those of the routes sharing it), and X-Ray (which has
    // no resource-level permissions).
    ...functionLogsIds.flatMap((id): [string, unknown][] => [
      ['logs:CreateLogStream', getAtt(id)],
      ['logs:PutLogEvents', getAtt(id)],
    ]),
    ['xray:PutTraceSegments', '*'],
    ['xray:PutTelemetryRecords', '*'],
  ];
  const { needs } = route;
  if (needs.table === 'read' || needs.table === 'write') {
    for (const action of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'])
      pairs.push([action, table], ...indexes.map((index) => [action, index] as [string, unknown]));
    pairs.push(['kms:Decrypt', key], ['kms:DescribeKey', key]);
  }
  if (needs.table === 'write') {
    for (const action of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'])
      pairs.push([action, table]);
    pairs.push(['kms:Encrypt', key], ['kms:GenerateDataKey', key]);
  }
  switch (needs.uploads) {
    case 'presign-post':
      pairs.push(['s3:PutObject', uploads], ['kms:GenerateDataKey', key], ['kms:Encrypt', key]);
      break;
    case 'read':
      pairs.push(['s3:GetObject', attachments], ['s3:GetObjectTagging', attachments], ['kms:Decrypt', key]);
      break;
    case 'verify':
      pairs.push(
        ['s3:GetObject', uploads],
        ['s3:DeleteObject', uploads],
        ['s3:PutObject', attachments],
        ['kms:Decrypt', key],
        ['kms:GenerateDataKey', key],
        ['kms:Encrypt', key],
      );
      break;
  }
  const cognitoActions: Record<NonNullable<RouteDefinition['needs']['cognito']>, string[]> = {
    invite: ['AdminCreateUser', 'AdminGetUser', 'AdminDeleteUser'],
    activate: ['AdminSetUserPassword', 'AdminEnableUser', 'AdminDisableUser', 'AdminGetUser'],
    revoke: ['AdminDisableUser', 'AdminUserGlobalSignOut'],
    'team-list': ['ListUsersInGroup'],
    team: [
      'ListUsersInGroup',
      'AdminCreateUser',
      'AdminGetUser',
      'AdminAddUserToGroup',
      'AdminRemoveUserFromGroup',
      'AdminDisableUser',
      'AdminEnableUser',
      'AdminUserGlobalSignOut',
    ],
  };
  for (const action of needs.cognito ? cognitoActions[needs.cognito] : []) pairs.push([`cognito-idp:${action}`, pool]);
  if (needs.email) {
    pairs.push([
      'ses:SendEmail',
      joined('arn:', ref('AWS::Partition'), ':ses:', ref('AWS::Region'), ':', ref('AWS::AccountId'), ':identity/demo.example.com'),
    ]);
  }
  return new Set(pairs.map(([action, res]) => `${action} ON ${JSON.stringify(res)}`));
}

/** Routes with the same needs, written independently of infra/constructs/access-profiles.ts. */
export const sameNeeds = (a: Pick<RouteDefinition, 'needs'>, b: Pick<RouteDefinition, 'needs'>) =>
  JSON.stringify(Object.entries(a.needs).sort()) === JSON.stringify(Object.entries(b.needs).sort());

const routeRoleId = (stack: PracticeStack, resources: Template, routeId: string) =>
  roleIdOf(resources[logicalId(stack, stack.api.routeFunctions.get(routeId)!)]!);

/** Every difference between what each route's function may do and what its needs call for. */
export function permissionProblems(stack: PracticeStack, resources: Template, table: readonly RouteDefinition[]): string[] {
  const problems: string[] = [];
  for (const route of table) {
    const fn = stack.api.routeFunctions.get(route.id)!;
    const fnProps = resources[logicalId(stack, fn)]!.Properties!;
    const roleId = routeRoleId(stack, resources, route.id);
    const sharing = table.filter((other) => routeRoleId(stack, resources, other.id) === roleId);
    const logsIds = sharing.map(
      (other) => resources[logicalId(stack, stack.api.routeFunctions.get(other.id)!)]!.Properties!.LoggingConfig.LogGroup.Ref,
    );
    if (!logsIds.includes(fnProps.LoggingConfig.LogGroup.Ref)) problems.push(`${route.id}: logs to a group its role may not write`);
    const role = resources[roleId]!.Properties!;
    if (role.ManagedPolicyArns?.length) problems.push(`${route.id}: role has managed policies ${JSON.stringify(role.ManagedPolicyArns)}`);
    if (role.Policies?.length) problems.push(`${route.id}: role has inline policies outside its default policy`);
    const granted = grantedToRole(resources, roleId);
    const overflow = Object.values(resources).some(
      (r) => r.Type === 'AWS::IAM::ManagedPolicy' && JSON.stringify(r.Properties!.Roles ?? []).includes(JSON.stringify(ref(roleId))),
    );
    if (overflow) problems.push(`${route.id}: role has customer-managed policies (an overflow?)`);
    const expected = expectedPermissions(stack, route, logsIds);
    for (const pair of granted) if (!expected.has(pair)) problems.push(`${route.id}: more than it needs: ${pair}`);
    for (const pair of expected) if (!granted.has(pair)) problems.push(`${route.id}: missing ${pair}`);
  }
  return problems;
}

describe('authorization from the route table', () => {
  it('puts every practitioner and client route behind the JWT authorizer, leaves only public ones open, and wires each to its own function', () => {
    expect(authorizationProblems(practice.stack, practice.template.toJSON().Resources, routes)).toEqual([]);
  });

  it('would catch a route that lost its authorizer', () => {
    const doctored = structuredClone(practice.template.toJSON().Resources) as Template;
    const [, route] = Object.entries(doctored).find(
      ([, r]) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties!.RouteKey === 'GET /api/clients/{clientId}/policies',
    )!;
    route.Properties!.AuthorizationType = 'NONE';
    delete route.Properties!.AuthorizerId;
    expect(authorizationProblems(practice.stack, doctored, routes)).toEqual([
      'GET /api/clients/{clientId}/policies: practitioner route is not behind the JWT authorizer (NONE)',
    ]);
  });

  it('would catch a route made public in the table that the contract does not make public', () => {
    const changed = routes.map((route) => (route.id === 'getPortalMe' ? { ...route, access: 'public' as const } : route));
    expect(authorizationProblems(practice.stack, practice.template.toJSON().Resources, changed)).toEqual([
      'GET /api/portal/me: public route has authorization JWT',
    ]);
  });
});

describe('least privilege from the route table', () => {
  it("gives each route's function exactly what its needs call for: read-only routes cannot write, only invitations administer users or send mail", () => {
    expect(permissionProblems(practice.stack, practice.template.toJSON().Resources, routes)).toEqual([]);
  });

  it('shares an execution role only between routes whose needs are identical, one role per distinct set of needs', () => {
    const resources = practice.template.toJSON().Resources as Template;
    const table = routes as readonly RouteDefinition[];
    const byRole = new Map<string, RouteDefinition[]>();
    for (const route of table) {
      const roleId = routeRoleId(practice.stack, resources, route.id);
      byRole.set(roleId, [...(byRole.get(roleId) ?? []), route]);
    }
    for (const [roleId, sharing] of byRole) {
      expect(
        sharing.every((route) => sameNeeds(route, sharing[0]!)),
        `${roleId}: ${sharing.map((route) => route.id).join(', ')}`,
      ).toBe(true);
    }
    const distinctNeeds = table.filter((route, index) => table.findIndex((other) => sameNeeds(route, other)) === index);
    expect(byRole.size).toBe(distinctNeeds.length);
    // The stream processor keeps a role of its own.
    const processorRole = roleIdOf(resources[logicalId(practice.stack, practice.stack.streams.processor)]!);
    expect(byRole.has(processorRole)).toBe(false);
  });

  it('would catch a read-only route that gained a write', () => {
    const doctored = structuredClone(practice.template.toJSON().Resources) as Template;
    const fn = practice.stack.api.routeFunctions.get('listPolicies')!;
    const roleId = roleIdOf(doctored[logicalId(practice.stack, fn)]!);
    const [, policy] = Object.entries(doctored).find(
      ([, r]) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties!.Roles).includes(roleId),
    )!;
    policy.Properties!.PolicyDocument.Statement.push({
      Effect: 'Allow',
      Action: 'dynamodb:PutItem',
      Resource: getAtt(logicalId(practice.stack, practice.stack.data.table)),
    });
    const problems = permissionProblems(practice.stack, doctored, routes);
    const gained = `more than it needs: dynamodb:PutItem ON ${JSON.stringify(getAtt(logicalId(practice.stack, practice.stack.data.table)))}`;
    // Every route sharing listPolicies' role (the read-only profile) is reported, and nothing else.
    expect(problems).toContain(`listPolicies: ${gained}`);
    expect(problems.every((problem) => problem.endsWith(gained))).toBe(true);
    expect(problems.length).toBe(
      routes.filter((route) =>
        sameNeeds(
          route,
          routes.find((r) => r.id === 'listPolicies')!,
        ),
      ).length,
    );
  });

  it('never lets a request path Scan the table or touch it through a wildcard', () => {
    for (const [, policy] of resourcesOfType(practice.template, 'AWS::IAM::Policy')) {
      const text = JSON.stringify(policy.Properties!.PolicyDocument);
      expect(text).not.toContain('dynamodb:Scan');
      expect(text).not.toMatch(/"dynamodb:\*"|"s3:\*"|"kms:\*"|"cognito-idp:\*"/);
    }
  });

  it('gives the stream processor table read/write and the stream, and nothing in S3, Cognito or SES', () => {
    const { stack, template } = practice;
    const roleId = roleIdOf(resource(template, logicalId(stack, stack.streams.processor)));
    const statements = resourcesOfType(template, 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties!.Roles).includes(roleId))
      .flatMap(([, p]) => p.Properties!.PolicyDocument.Statement);
    const actions = statements.flatMap((statement: { Action: string | string[] }) => [statement.Action].flat());
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'sqs:SendMessage',
      ]),
    );
    expect(actions.filter((action: string) => /^(s3|cognito-idp|ses):/.test(action))).toEqual([]);
    expect(actions).not.toContain('dynamodb:Scan');
  });
});
