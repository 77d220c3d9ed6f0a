import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';
import { cardOcrAssets } from './card-ocr-assets.ts';

// `vite dev` talks to a running local stack (npm start) for the API, the runtime config and the outbox.
const backend = process.env.PORTAL_BACKEND_URL ?? 'http://localhost:3000';

export default defineConfig({
  // cardOcrAssets: the self-hosted OCR worker, core and language data of the portal's card pre-fill.
  plugins: [sveltekit(), cardOcrAssets()],
  server: {
    proxy: {
      '/api': backend,
      '/config.json': backend,
      '/local': backend,
    },
    // ../shared sits outside this folder.
    fs: { allow: ['..'] },
  },
});
