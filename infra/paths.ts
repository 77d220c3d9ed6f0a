import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: esbuild's project root and where package-lock.json pins the bundled dependencies. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `functions/handlers/<route id>.ts` exports each route's `handler`. */
export function routeHandlerEntry(routeId: string): string {
  return join(repoRoot, 'functions', 'handlers', `${routeId}.ts`);
}

export const payerMatchEntry = join(repoRoot, 'functions', 'streams', 'payer-match.ts');

/** The SvelteKit static build (`npm run build:web`). */
export const webBuildDir = join(repoRoot, 'web', 'build');

/** Deployed instead of the site when the web has not been built, so that synth (and the infra tests) never need it. */
export const webPlaceholderDir = join(repoRoot, 'infra', 'web-placeholder');

/** The card reader: OCR of attached card images, on the table's stream. */
export const cardReadingEntry = join(repoRoot, 'functions', 'streams', 'card-reading.ts');

/** The user pool's CustomMessage trigger: the password-reset email in the client's language. */
export const customMessageEntry = join(repoRoot, 'functions', 'triggers', 'custom-message.ts');
