/**
 * The practice's team: admins invite colleagues from the dashboard, change their
 * role, disable and re-enable them. The team item is the API's word (checked on every request, see
 * team-standing.ts); Cognito's groups and enabled flag follow it so tokens and sign-in agree.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
  ListUsersInGroupCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { ApiError, notFound, versionConflict } from '../../shared/errors.ts';
import type { Actor, InviteTeamMemberRequest, Practitioner, UpdateTeamMemberRequest } from '../../shared/schemas.ts';
import {
  lastAdmin,
  listPractitionerRecords,
  putNewPractitioner,
  writePractitionerChange,
  type PractitionerRecord,
} from '../data/practitioner-repository.ts';
import { PRACTICE_ADMINS_GROUP, PRACTITIONERS_GROUP } from '../../shared/constants.ts';
import { cognito, USER_POOL_ID } from '../platform/cognito.ts';
import { forgetStanding } from './team-standing.ts';

export function toPractitioner(record: PractitionerRecord): Practitioner {
  const { userId, email, givenName, familyName, role, enabled, npi, taxonomyCode, createdAt, version } = record;
  return { userId, email, givenName, familyName, role, enabled, npi: npi ?? null, taxonomyCode: taxonomyCode ?? null, createdAt, version };
}

/**
 * Everyone in the practitioners group: team items, plus colleagues created outside the dashboard (the deployed
 * first practitioner, someone added in the Cognito console) as Cognito describes them, at version 0.
 */
export async function listTeam(): Promise<PractitionerRecord[]> {
  const [records, practitioners, admins] = await Promise.all([
    listPractitionerRecords(),
    usersInGroup(PRACTITIONERS_GROUP),
    usersInGroup(PRACTICE_ADMINS_GROUP),
  ]);
  const known = new Set(records.map((record) => record.userId));
  const adminIds = new Set(admins.map((user) => attribute(user, 'sub')));
  const outside = practitioners
    .filter((user) => !known.has(attribute(user, 'sub') ?? ''))
    .map((user): PractitionerRecord => ({
      userId: attribute(user, 'sub')!,
      email: attribute(user, 'email') ?? user.Username!,
      givenName: attribute(user, 'given_name') ?? '',
      familyName: attribute(user, 'family_name') ?? '',
      role: adminIds.has(attribute(user, 'sub')) ? 'admin' : 'practitioner',
      enabled: user.Enabled !== false,
      npi: null,
      taxonomyCode: null,
      createdAt: (user.UserCreateDate ?? new Date(0)).toISOString(),
      version: 0,
    }));
  return [...records, ...outside].sort(
    (a, b) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName) || a.userId.localeCompare(b.userId),
  );
}

/** Invites a colleague: Cognito creates the user and emails the temporary password (locally: the outbox). */
export async function inviteTeamMember(request: InviteTeamMemberRequest, actor: Actor, now: Date): Promise<PractitionerRecord> {
  let created: UserType | undefined;
  try {
    ({ User: created } = await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: USER_POOL_ID,
        Username: request.email,
        DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [
          { Name: 'email', Value: request.email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'given_name', Value: request.givenName },
          { Name: 'family_name', Value: request.familyName },
        ],
      }),
    ));
  } catch (error) {
    if ((error as Error).name === 'UsernameExistsException') {
      throw new ApiError('conflict', 'Someone already signs in with this email', [{ path: 'email', message: 'Already has an account' }]);
    }
    throw error;
  }
  const userId = attribute(created!, 'sub') ?? created!.Username!;
  await setGroups(userId, request.role);
  const at = now.toISOString();
  const record: PractitionerRecord = {
    userId,
    email: request.email,
    givenName: request.givenName,
    familyName: request.familyName,
    role: request.role,
    enabled: true,
    npi: request.npi ?? null,
    taxonomyCode: request.taxonomyCode ?? null,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await putNewPractitioner(record, actor, at);
  return record;
}

/** Role, access and identifiers of a colleague. The last enabled admin cannot be demoted or disabled (409). */
export async function updateTeamMember(
  userId: string,
  request: UpdateTeamMemberRequest,
  actor: Actor,
  now: Date,
): Promise<PractitionerRecord> {
  const team = await listTeam();
  const before = team.find((member) => member.userId === userId);
  if (!before) throw notFound('Team member');
  if (before.version !== request.version) throw versionConflict('This colleague');
  const at = now.toISOString();
  const after: PractitionerRecord = {
    ...before,
    role: request.role ?? before.role,
    enabled: request.enabled ?? before.enabled,
    npi: request.npi === undefined ? before.npi : request.npi,
    taxonomyCode: request.taxonomyCode === undefined ? before.taxonomyCode : request.taxonomyCode,
    updatedAt: at,
  };
  const isActiveAdmin = (member: PractitionerRecord) => member.role === 'admin' && member.enabled;
  let keepAdmin: { record: PractitionerRecord; exists: boolean } | undefined;
  if (isActiveAdmin(before) && !isActiveAdmin(after)) {
    // Another enabled admin must remain, and must still be one when this commits (see writePractitionerChange).
    const others = team.filter((member) => member.userId !== userId && isActiveAdmin(member)).sort((a, b) => b.version - a.version);
    if (others.length === 0) throw lastAdmin();
    keepAdmin = { record: others[0]!, exists: others[0]!.version > 0 };
  }
  const written = await writePractitionerChange(before, after, actor, at, keepAdmin);
  forgetStanding(userId);

  if (after.role !== before.role) await setGroups(userId, after.role);
  if (before.enabled && !after.enabled) {
    await cognito.send(new AdminDisableUserCommand({ UserPoolId: USER_POOL_ID, Username: userId }));
    await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: USER_POOL_ID, Username: userId }));
  } else if (!before.enabled && after.enabled) {
    await cognito.send(new AdminEnableUserCommand({ UserPoolId: USER_POOL_ID, Username: userId }));
  }
  return written;
}

/** Every colleague is in `practitioners`; admins also in `practice-admins`. */
async function setGroups(username: string, role: PractitionerRecord['role']): Promise<void> {
  await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: USER_POOL_ID, Username: username, GroupName: PRACTITIONERS_GROUP }));
  const admins = { UserPoolId: USER_POOL_ID, Username: username, GroupName: PRACTICE_ADMINS_GROUP };
  await cognito.send(role === 'admin' ? new AdminAddUserToGroupCommand(admins) : new AdminRemoveUserFromGroupCommand(admins));
}

async function usersInGroup(groupName: string): Promise<UserType[]> {
  const users: UserType[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cognito.send(new ListUsersInGroupCommand({ UserPoolId: USER_POOL_ID, GroupName: groupName, NextToken, Limit: 60 }));
    users.push(...(page.Users ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return users;
}

function attribute(user: UserType, name: string): string | undefined {
  return user.Attributes?.find((candidate) => candidate.Name === name)?.Value;
}
