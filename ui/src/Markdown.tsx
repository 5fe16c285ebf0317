// Sanitized Markdown (markdown.ts): the only place the portal sets HTML. The
// renderer and sanitizer are a lazy chunk, loaded by the first page that
// shows a description, so the catalog itself stays small.
import { useEffect, useState } from 'preact/hooks';

type Render = (text: string) => string;
let loaded: Render | null = null;

export function Markdown({ text, id }: { text: string; id?: string }) {
  const [render, setRender] = useState<Render | null>(() => loaded);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (render) return;
    import('./markdown').then(
      (m) => {
        loaded = m.renderMarkdown;
        setRender(() => m.renderMarkdown);
      },
      () => setFailed(true),
    );
  }, []);
  if (!render) {
    // Until it arrives (or if it cannot): the text itself, never as HTML.
    return (
      <div class="markdown" id={id} aria-busy={failed ? undefined : 'true'}>
        {failed ? <p style={{ whiteSpace: 'pre-wrap' }}>{text}</p> : null}
      </div>
    );
  }
  return <div class="markdown" id={id} dangerouslySetInnerHTML={{ __html: render(text) }} />;
}
