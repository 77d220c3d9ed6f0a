import { Lazy } from 'aws-cdk-lib';
import type { Role } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { RouteDefinition, RouteNeeds } from '../../functions/routes.ts';
import { functionRole } from './portal-function.ts';

/** `{ table: 'write', uploads: 'verify' }` → `TableWriteUploadsVerify`: one name per distinct set of needs. */
function accessProfileOf(needs: RouteNeeds): string {
  const parts = [`table-${needs.table}`];
  if (needs.uploads) parts.push(`uploads-${needs.uploads}`);
  if (needs.cognito) parts.push(`cognito-${needs.cognito}`);
  if (needs.email) parts.push('email');
  return parts
    .join('-')
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/**
 * One execution role per access profile of the route table: routes whose `needs` are identical share a role,
 * and only they do. Their grants are identical by construction (the binders derive them from `needs` alone), so
 * sharing takes nothing away from least privilege; what a function may do is still exactly what its route's
 * needs say. The only thing siblings share beyond that is the right to write to each other's log groups.
 *
 * Why: CloudFormation allows 500 resources per stack, and a role and a policy per route were two of the ten
 * resources each route cost (README "How this scales"). With profiles, a new route with known needs adds no IAM
 * resource at all, and the account's IAM role count per practice drops from one per route to one per profile.
 */
export class AccessProfiles extends Construct {
  private readonly profiles = new Map<string, { role: Role; routeIds: string[] }>();

  roleFor(route: Pick<RouteDefinition, 'id' | 'needs'>): Role {
    const name = accessProfileOf(route.needs);
    let profile = this.profiles.get(name);
    if (!profile) {
      const routeIds: string[] = [];
      // Read at synthesis, once every route has joined; IAM caps descriptions at 1000 characters.
      const description = Lazy.string({ produce: () => `API routes that need ${name}: ${routeIds.join(', ')}`.slice(0, 1000) });
      profile = { role: functionRole(this, name, description), routeIds };
      this.profiles.set(name, profile);
    }
    profile.routeIds.push(route.id);
    return profile.role;
  }
}
