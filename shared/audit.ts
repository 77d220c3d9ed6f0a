/**
 * Field-level before/after of a change, for the audit trail. Pure; the web renders the same records.
 */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** Bookkeeping attributes that change on every write and say nothing about what the user changed. */
const IGNORED_FIELDS = new Set(['version', 'updatedAt', 'pk', 'sk', 'gsi1pk', 'gsi1sk', 'itemType', 'expiresAtEpoch']);

export function fieldChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChange[] {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: FieldChange[] = [];
  for (const field of [...fields].sort()) {
    if (IGNORED_FIELDS.has(field)) continue;
    const from = before?.[field] ?? null;
    const to = after?.[field] ?? null;
    if (stableJson(from) !== stableJson(to)) changes.push({ field, from, to });
  }
  return changes;
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
