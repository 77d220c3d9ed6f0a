/**
 * Work in progress kept across a session that ends in the middle of a form: saved in sessionStorage (this tab
 * only, gone when the tab closes — never localStorage, which would outlive the tab and be shared by every tab),
 * bound to the signed-in user so that someone else signing in on the same tab never sees it, and wiped at
 * sign-out. Form state only: files are not stored, only the ids of uploads that already finished.
 */
const PREFIX = 'draft:';

interface Stored<T> {
  owner: string;
  savedAt: number;
  value: T;
}

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage disabled: drafts are simply not kept
  }
}

export function saveDraft<T>(name: string, owner: string, value: T): void {
  try {
    storage()?.setItem(PREFIX + name, JSON.stringify({ owner, savedAt: Date.now(), value } satisfies Stored<T>));
  } catch {
    // Quota or privacy mode: losing the draft is the old behaviour, not an error worth showing.
  }
}

/** The draft `owner` saved under `name`, or null (none, someone else's, or unreadable). */
export function readDraft<T>(name: string, owner: string): T | null {
  try {
    const raw = storage()?.getItem(PREFIX + name);
    if (!raw) return null;
    const stored = JSON.parse(raw) as Stored<T>;
    return stored.owner === owner ? stored.value : null;
  } catch {
    return null;
  }
}

export function clearDraft(name: string): void {
  storage()?.removeItem(PREFIX + name);
}

/** Whether this tab keeps any work in progress (the sign-in page after an ended session says it is not lost). */
export function hasDrafts(): boolean {
  const store = storage();
  return !!store && Object.keys(store).some((key) => key.startsWith(PREFIX));
}

/** Every draft of this tab, at sign-out. */
export function clearAllDrafts(): void {
  const store = storage();
  if (!store) return;
  for (const key of Object.keys(store)) if (key.startsWith(PREFIX)) store.removeItem(key);
}
