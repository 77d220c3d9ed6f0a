/** Reading an 837P from outside the generator: node-x12 (a third-party parser) and a plain segment split. */
import { X12Parser, type X12Interchange } from 'node-x12';
import { expect } from 'vitest';

/** The file's segments without terminators (default separators). */
export function segmentsOf(text: string, terminator = '~'): string[] {
  return text.split(terminator).filter((segment) => segment.trim() !== '');
}

/**
 * COB balancing, read from the file alone: CLM02 (the claim's charge), 2320 AMT*D (what the other payer paid) and
 * the sum of every CAS amount (the second element of each reason/amount/quantity trio, claim and line level).
 * Paid plus adjusted must equal the charge; `paid` is undefined when the file carries no adjudication.
 */
export function cobAmounts(segments: readonly string[]): { charge: number; paid: number | undefined; adjusted: number } {
  const elementTwo = (prefix: string) => segments.find((segment) => segment.startsWith(prefix))?.split('*')[2];
  const paid = elementTwo('AMT*D*');
  const adjusted = segments
    .filter((segment) => segment.startsWith('CAS*'))
    .flatMap((segment) =>
      segment
        .split('*')
        .slice(2)
        .filter((_, index) => index % 3 === 1)
        .map(Number),
    )
    .reduce((sum, value) => sum + value, 0);
  return { charge: Number(elementTwo('CLM*')), paid: paid === undefined ? undefined : Number(paid), adjusted };
}

/**
 * Parses with node-x12 in strict mode — it throws when IEA/GE/SE counts or control numbers disagree with
 * ISA/GS/ST — and checks the loop structure a clearinghouse's front end checks: one 837 transaction, HL
 * parents that exist, a CLM under every subscriber or patient HL, an SV1 after every LX.
 */
export function verifyWithThirdPartyParser(text: string): X12Interchange {
  const parsed = new X12Parser(true).parse(text) as X12Interchange;
  expect(parsed.functionalGroups).toHaveLength(1);
  const [transaction] = parsed.functionalGroups[0]!.transactions;
  expect(parsed.functionalGroups[0]!.transactions).toHaveLength(1);
  expect(transaction!.header.valueOf(1)).toBe('837');
  const segments = transaction!.segments;
  const hlIds = new Set<string>();
  let openHl: { level: string; hasChild: boolean } | undefined;
  let claimsUnderHl = 0;
  segments.forEach((segment, index) => {
    if (segment.tag === 'HL') {
      const [id, parent, level, child] = [1, 2, 3, 4].map((position) => segment.valueOf(position) ?? '');
      if (parent) expect(hlIds.has(parent!), `HL ${id} names parent ${parent}`).toBe(true);
      hlIds.add(id!);
      if (openHl && openHl.level !== '20' && !openHl.hasChild) expect(claimsUnderHl, 'a claim under the previous HL').toBeGreaterThan(0);
      openHl = { level: level!, hasChild: child === '1' };
      claimsUnderHl = 0;
    }
    if (segment.tag === 'CLM') claimsUnderHl++;
    if (segment.tag === 'LX') expect(segments[index + 1]?.tag).toBe('SV1');
  });
  if (openHl) expect(claimsUnderHl).toBeGreaterThan(0);
  return parsed;
}
