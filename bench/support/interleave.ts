/**
 * Timing a request against its floor in the same loop: every variant once per iteration, in rotating order, so that
 * machine noise (2 shared cores, DynamoDB Local's JVM) reaches all variants alike; warm-up iterations not counted.
 */
import { summarize, type Summary } from './stats.ts';

export type Runners<V extends string> = Record<V, (iteration: number) => Promise<number>>;

/** Runs every variant once per iteration, rotating the order (A B C, B C A, C A B, …); samples after the warm-up. */
export async function interleaved<V extends string>(iterations: number, warmUp: number, run: Runners<V>): Promise<Record<V, number[]>> {
  const variants = Object.keys(run) as V[];
  const samples = Object.fromEntries(variants.map((variant) => [variant, [] as number[]])) as Record<V, number[]>;
  for (let iteration = 0; iteration < warmUp + iterations; iteration++) {
    for (let k = 0; k < variants.length; k++) {
      const variant = variants[(iteration + k) % variants.length]!;
      const ms = await run[variant](iteration);
      if (iteration >= warmUp) samples[variant].push(ms);
    }
  }
  return samples;
}

/** A request against its floor, alternating which goes first. */
export interface FloorComparison {
  api: Summary;
  floor: Summary;
  /** api.median / floor.median */
  ratio: number;
  warmUp: number;
}

export async function againstFloor(iterations: number, warmUp: number, run: Runners<'api' | 'floor'>): Promise<FloorComparison> {
  const samples = await interleaved(iterations, warmUp, run);
  const api = summarize(samples.api);
  const floor = summarize(samples.floor);
  return { api, floor, ratio: api.median / floor.median, warmUp };
}

/** Milliseconds `work` took. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}
