import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { DIAGRAM_CSP, PAGE_CSP, SERVER_CSP } from './src/lib/security/csp';

// The service worker precaches the app shell for offline start. It has no runtime caching, so it
// never answers requests to other origins (the LLM servers): only precached files and same-origin
// navigations (navigateFallback) are served from it.
const pwa = VitePWA({
  registerType: 'prompt',
  injectRegister: false,
  includeAssets: ['icon.svg', 'apple-touch-icon.png', 'favicon-32.png'],
  manifest: {
    name: 'Brook',
    short_name: 'Brook',
    description: 'Chat with the LLMs you run locally: Ollama and LM Studio, streamed token by token.',
    theme_color: '#1f6feb',
    background_color: '#ffffff',
    display: 'standalone',
    start_url: '.',
    scope: '.',
    icons: [
      { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,woff2}'],
    navigateFallback: 'index.html',
    cleanupOutdatedCaches: true,
    // Take over the page that registered it, so a first visit already starts offline next time.
    clientsClaim: true,
    // A new version waits until the user agrees (src/routes/pwa.ts): never skipWaiting on its own,
    // which reloaded every open tab mid-answer.
    skipWaiting: false,
    maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
  },
});

// The built pages' Content-Security-Policy (see src/lib/security/csp.ts); the dev server runs
// without it, since Vite injects styles inline there.
const csp: Plugin = {
  name: 'brook-csp',
  apply: 'build',
  transformIndexHtml: (_html, context) => [
    {
      tag: 'meta',
      attrs: {
        'http-equiv': 'Content-Security-Policy',
        content: context.path.endsWith('/diagram.html') ? DIAGRAM_CSP : PAGE_CSP,
      },
      injectTo: 'head-prepend',
    },
  ],
};

export default defineConfig({
  plugins: [svelte(), pwa, csp],
  preview: {
    headers: {
      'Content-Security-Policy': SERVER_CSP,
      // The sandboxed diagram frame has an opaque origin, so its module scripts are cross-origin requests.
      'Access-Control-Allow-Origin': '*',
    },
  },
  worker: {
    format: 'es',
  },
  build: {
    target: 'es2022',
    // Two pages: the app, and the sandboxed frame that draws Mermaid diagrams (see src/lib/diagrams).
    rollupOptions: { input: { index: 'index.html', diagram: 'diagram.html' } },
    // Fonts (KaTeX's) stay files: the CSP's font-src is 'self', which refuses data: URLs.
    assetsInlineLimit: (file) => (/\.(?:woff2?|ttf)$/.test(file) ? false : undefined),
  },
});
