// An item's description as HTML: Markdown rendered by markdown-it with raw
// HTML off (it is shown as text), then DOMPurify over the result, so nothing
// an item's author wrote can run script in the portal. Links open apart.
import MarkdownIt from 'markdown-it';
import DOMPurify from 'dompurify';

// The description sits under the page's h1 and a section h2: its headings
// are ranked by level and the ranks start at h3 (capped at h6), so the
// page's outline skips no level whatever levels the author used.
export const FIRST_HEADING_LEVEL = 3;

function demoteHeadings(md: MarkdownIt) {
  md.core.ruler.push('demote_headings', (state) => {
    const headings = state.tokens.filter((t) => t.type === 'heading_open' || t.type === 'heading_close');
    const ranks = Array.from(new Set(headings.map((t) => t.tag))).sort();
    for (const t of headings) {
      t.tag = `h${Math.min(6, ranks.indexOf(t.tag) + FIRST_HEADING_LEVEL)}`;
    }
  });
}

const md = new MarkdownIt({ html: false, linkify: true, breaks: false }).use(demoteHeadings);

let hooked = false;
function purify(html: string): string {
  if (!hooked) {
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A' && node.getAttribute('href')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
    hooked = true;
  }
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input'] });
}

export function renderMarkdown(text: string): string {
  return purify(md.render(text || ''));
}
