/** Small readers over a synthesized template, so that the tests below read like the properties they check. */
import type { CfnElement, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';

export type CfnResourceJson = { Type: string; Properties?: Record<string, any>; DependsOn?: string | string[]; [key: string]: any };

export function resources(template: Template): Record<string, CfnResourceJson> {
  return template.toJSON().Resources as Record<string, CfnResourceJson>;
}

export function resourcesOfType(template: Template, type: string): [string, CfnResourceJson][] {
  return Object.entries(resources(template)).filter(([, resource]) => resource.Type === type);
}

/** The logical id of a construct's CloudFormation resource (the L2's default child, or the L1 itself). */
export function logicalId(stack: Stack, construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return stack.getLogicalId(element);
}

export function resource(template: Template, id: string): CfnResourceJson {
  const found = resources(template)[id];
  if (!found) throw new Error(`No resource ${id} in the template`);
  return found;
}

/** Every (action, resource) an IAM policy allows, resources as canonical JSON. */
export function allowedPairs(policyDocument: { Statement: any[] }): Set<string> {
  const pairs = new Set<string>();
  for (const statement of policyDocument.Statement) {
    if (statement.Effect !== 'Allow') continue;
    for (const action of [statement.Action].flat()) {
      for (const res of [statement.Resource].flat()) pairs.add(`${action} ON ${JSON.stringify(res)}`);
    }
  }
  return pairs;
}

export const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });
export const ref = (id: string) => ({ Ref: id });
export const joined = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });

/** The logical id of a function's execution role. */
export const roleIdOf = (fn: CfnResourceJson): string => fn.Properties!.Role['Fn::GetAtt'][0] as string;

/** Every (action, resource) the IAM policies attached to role `roleId` allow. */
export function grantedToRole(all: Record<string, CfnResourceJson>, roleId: string): Set<string> {
  const attached = Object.values(all).filter(
    (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties!.Roles).includes(JSON.stringify(ref(roleId))),
  );
  return new Set(attached.flatMap((policy) => [...allowedPairs(policy.Properties!.PolicyDocument)]));
}

/** The logical ids a resource refers to (Ref, GetAtt, DependsOn), pseudo parameters excluded. */
export function referencedIds(resourceJson: CfnResourceJson): Set<string> {
  const ids = new Set<string>([resourceJson.DependsOn ?? []].flat());
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'Ref' && typeof inner === 'string' && !inner.startsWith('AWS::')) ids.add(inner);
        else if (key === 'Fn::GetAtt' && Array.isArray(inner)) ids.add(String(inner[0]));
        else if (key === 'Fn::Sub' && typeof inner === 'string') {
          for (const match of inner.matchAll(/\$\{([^}.!]+)[^}]*\}/g)) if (!match[1]!.startsWith('AWS::')) ids.add(match[1]!);
        } else walk(inner);
      }
    }
  };
  walk(resourceJson.Properties);
  return ids;
}

/** A dependency cycle among the template's resources, or null. CloudFormation refuses a template with one. */
export function findDependencyCycle(template: Template): string[] | null {
  const all = resources(template);
  const edges = new Map(Object.entries(all).map(([id, res]) => [id, [...referencedIds(res)].filter((dep) => dep in all)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const dep of edges.get(id) ?? []) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return null;
  };
  for (const id of edges.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return null;
}
