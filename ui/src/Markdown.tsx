// Sanitized Markdown (markdown.ts): the only place the portal sets HTML.
import { renderMarkdown } from './markdown';

export function Markdown({ text, id }: { text: string; id?: string }) {
  return <div class="markdown" id={id} dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />;
}
