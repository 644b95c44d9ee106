/**
 * A JSON answer as markdown: one fenced `json` code block, so it gets the code view's
 * highlighting and copy button. While it streams the text is shown as it arrives, the fence
 * left open, so each update only appends (the incremental renderer keeps its work); once
 * finished, it is pretty-printed if it parses, else shown raw, and the fence is closed.
 */
export function jsonAnswerMarkdown(text: string, streaming: boolean): string {
  let body = text;
  if (!streaming) {
    try {
      body = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // not (yet) valid JSON: shown as the model wrote it
    }
  }
  // A fence longer than any backtick run inside, so the text cannot close it early.
  const longestRun = (body.match(/`+/g) ?? []).reduce((most, run) => Math.max(most, run.length), 0);
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return streaming ? `${fence}json\n${body}` : `${fence}json\n${body}\n${fence}\n`;
}
