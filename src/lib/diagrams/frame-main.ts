// The diagram frame's script (diagram.html): draws Mermaid diagrams for the app and sends back the SVG text.
// The frame is a sandboxed iframe without allow-same-origin: an opaque origin, no access to the app's data,
// and in Chromium its own process, so drawing never holds up the app's frames.
import mermaid from 'mermaid';
import { isDrawRequest, type FrameMessage } from './protocol';

mermaid.initialize({
  startOnLoad: false,
  // Labels are sanitized, click handlers and links are off; the SVG is shown as an image by the app anyway.
  securityLevel: 'strict',
  // Plain SVG text labels: nothing but SVG in the image.
  htmlLabels: false,
  flowchart: { useMaxWidth: false },
  sequence: { useMaxWidth: false },
  class: { useMaxWidth: false },
  state: { useMaxWidth: false },
  er: { useMaxWidth: false },
  gantt: { useMaxWidth: false },
  pie: { useMaxWidth: false },
  journey: { useMaxWidth: false },
  gitGraph: { useMaxWidth: false },
  mindmap: { useMaxWidth: false },
  timeline: { useMaxWidth: false },
  maxTextSize: 50_000,
  maxEdges: 2_000,
  suppressErrorRendering: true,
  fontFamily: 'system-ui, sans-serif',
  theme: 'default',
});

let appOrigin: string | null = null;
let drawn = 0;

function reply(message: FrameMessage): void {
  window.parent.postMessage(message, appOrigin ?? '*');
}

window.addEventListener('message', (event) => {
  // Only the page that embeds this frame, and only well-formed requests.
  if (event.source !== window.parent || !isDrawRequest(event.data)) return;
  appOrigin = event.origin;
  const { id, source } = event.data;
  void (async () => {
    try {
      const { svg } = await mermaid.render(`diagram-${drawn++}`, source);
      reply({ type: 'drawn', id, svg });
    } catch (error) {
      reply({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
    }
  })();
});

reply({ type: 'ready' });
