/**
 * CloudFormation refuses a stack of more than 500 resources. Every practice's stacks stay under 450 (room for a
 * release that adds a few routes without a scramble), and what one more route costs is measured, so that the
 * README can say how many routes fit: the difference between the stack with the whole route table and the stack
 * with only half of it, per route removed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteDefinition } from '../../functions/routes.ts';
import { availablePractices } from '../../infra/config.ts';
import { synthPractice, type SynthesizedPractice } from './synth.ts';

const BUDGET = 450;
const CLOUDFORMATION_LIMIT = 500;
const table = routes as readonly RouteDefinition[];

/** Resources per stack of the app's cloud assembly (nested stacks are separate templates, counted on their own). */
function resourceCounts(practice: SynthesizedPractice): Record<string, number> {
  return Object.fromEntries(
    practice.app.synth().stacks.map((artifact) => [artifact.stackName, Object.keys(artifact.template.Resources ?? {}).length]),
  );
}

const practices: Record<string, SynthesizedPractice> = {};
let half: SynthesizedPractice;
beforeAll(() => {
  for (const name of availablePractices()) practices[name] = synthPractice(name);
  half = synthPractice('demo', { routes: table.slice(0, Math.ceil(table.length / 2)) });
});

describe('the CloudFormation resource budget', () => {
  it(`keeps every stack of every practice under ${BUDGET} resources`, () => {
    expect(Object.keys(practices).length).toBeGreaterThanOrEqual(2);
    for (const [name, practice] of Object.entries(practices)) {
      const counts = resourceCounts(practice);
      console.log(`${name}: ${JSON.stringify(counts)} for ${table.length} routes`);
      for (const [stack, count] of Object.entries(counts)) expect(count, `${stack} (${name})`).toBeLessThanOrEqual(BUDGET);
    }
  });

  it('costs about five resources per route (function, log group, integration, route, invoke permission) and says how many more fit', () => {
    const full = resourceCounts(practices.demo!)[practices.demo!.stack.stackName]!;
    const fewer = resourceCounts(half)[half.stack.stackName]!;
    const removed = table.length - Math.ceil(table.length / 2);
    const perRoute = (full - fewer) / removed;
    const fixed = full - perRoute * table.length;
    const headroom = (limit: number) => Math.floor((limit - full) / perRoute);
    console.log(
      `demo: ${full} resources, ${perRoute.toFixed(2)} per route, ${Math.round(fixed)} fixed; room for ${headroom(BUDGET)} more routes under ${BUDGET}, ${headroom(CLOUDFORMATION_LIMIT)} under ${CLOUDFORMATION_LIMIT}`,
    );
    // The five per route, a share of the two grouped alarms per ten functions, and now and then a new access profile's role and policy.
    expect(perRoute).toBeGreaterThanOrEqual(5);
    expect(perRoute).toBeLessThan(6);
    // Room for at least one more release's worth of routes (about 20) before the API's functions move to a nested
    // stack (README "Resources per stack"); this fails first, well before CloudFormation would.
    expect(headroom(BUDGET)).toBeGreaterThanOrEqual(20);
  });
});
