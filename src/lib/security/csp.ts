/**
 * Brook's Content-Security-Policy, in two parts, because one policy cannot do the whole job:
 *
 * - PAGE_CSP goes into the built index.html as a meta tag. The page runs only its own scripts and
 *   styles, loads nothing from elsewhere (model output cannot pull in images, frames, fonts or
 *   forms), and connects only to itself: every call to an LLM server is made by the chat worker.
 * - The chat worker is not covered by that meta tag (a dedicated worker gets the CSP of its own
 *   script's response), and no static policy can list the servers a user configures, so the
 *   worker enforces its own connection policy in code: src/lib/workers/network-guard.ts allows
 *   only the configured servers and follows no redirects.
 * - SERVER_CSP is sent as a header by `vite preview` (`npm start`): what a meta tag cannot say
 *   (no framing by other sites), and `script-src 'self'` for the worker's own scripts too. It has
 *   no connect-src, so it leaves the worker's connections to the guard.
 * - DIAGRAM_CSP is the meta tag of diagram.html, the sandboxed frame that draws Mermaid diagrams.
 */

const PAGE_DIRECTIVES: Record<string, string> = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self'",
  // blob: for attached images (object URLs this page makes of its own stored files).
  'img-src': "'self' data: blob:",
  'font-src': "'self'",
  'connect-src': "'self'",
  'worker-src': "'self'",
  'manifest-src': "'self'",
  'media-src': "'none'",
  'object-src': "'none'",
  // The diagram frame (diagram.html, sandboxed: an opaque origin) is the only frame.
  'frame-src': "'self'",
  'base-uri': "'none'",
  'form-action': "'none'",
};

const SERVER_DIRECTIVES: Record<string, string> = {
  'script-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  // Brook frames its own diagram page; no other site may frame Brook.
  'frame-ancestors': "'self'",
};

/**
 * The diagram frame's own policy (a meta tag in diagram.html): its scripts from Brook, Mermaid's inline styles
 * (they style the SVG it draws), nothing loaded or connected. It runs sandboxed, so its origin is opaque and it
 * can reach none of the app's data.
 */
const DIAGRAM_DIRECTIVES: Record<string, string> = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'unsafe-inline'",
  'img-src': 'data:',
  'font-src': "'none'",
  'connect-src': "'none'",
  'frame-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
};

function serialize(directives: Record<string, string>): string {
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}

export const PAGE_CSP = serialize(PAGE_DIRECTIVES);
export const SERVER_CSP = serialize(SERVER_DIRECTIVES);
export const DIAGRAM_CSP = serialize(DIAGRAM_DIRECTIVES);
