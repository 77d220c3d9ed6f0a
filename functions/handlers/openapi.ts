import { buildOpenApiDocument } from '../openapi/document.ts';
import { publicRoute } from '../http/public-route.ts';

/** Built on the first request and kept for the container's life: the document only changes with a deploy. */
let document: Record<string, unknown> | undefined;

export const handler = publicRoute('openapi', {}, async () => {
  document ??= buildOpenApiDocument();
  // It describes the API and holds nobody's data: unlike every other answer, it may be cached.
  return { status: 200, body: document, headers: { 'cache-control': 'public, max-age=300' } };
});
