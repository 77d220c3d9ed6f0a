import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    // A single-page app: every route renders in the browser, and the host (CloudFront, or the local gateway)
    // answers unknown paths with index.html.
    adapter: adapter({ fallback: 'index.html' }),
    // Absolute asset URLs: the fallback page is served at deep paths such as /dashboard/clients/abc.
    paths: { relative: false },
    alias: {
      // The project's isomorphic code (zod schemas, error shape, date rules) — the same files the API uses.
      $shared: '../shared',
    },
  },
};
