import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

// The service worker precaches the app shell for offline start. It has no runtime caching, so it
// never answers requests to other origins (the LLM servers): only precached files and same-origin
// navigations (navigateFallback) are served from it.
const pwa = VitePWA({
  registerType: 'autoUpdate',
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
    globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
    navigateFallback: 'index.html',
    cleanupOutdatedCaches: true,
    // Take over the page that registered it, so a first visit already starts offline next time.
    clientsClaim: true,
    skipWaiting: true,
    maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
  },
});

export default defineConfig({
  plugins: [svelte(), pwa],
  worker: {
    format: 'es',
  },
  build: {
    target: 'es2022',
  },
});
