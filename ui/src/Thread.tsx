// The request's conversation (thread of GET service_requests/{id}/): the
// justification, approvers' comments, questions and rejections, and the
// requester's replies, oldest first.
import { when } from './format';
import type { ServiceRequest, ThreadEntry } from './types';

const KIND_LABEL: Record<string, string> = {
  justification: 'justification',
  comment: 'comment',
  question: 'asked',
  reply: 'replied',
  rejection: 'rejected',
};

export function Thread({ r }: { r: ServiceRequest }) {
  const entries: ThreadEntry[] = r.thread || [];
  if (!entries.length) return null;
  return (
    <section class="thread" aria-labelledby={`thread-${r.id}`}>
      <h2 id={`thread-${r.id}`} class="sub">
        Conversation
      </h2>
      <ol class="thread-list">
        {entries.map((e, i) => (
          <li key={i} class={`thread-${e.kind}`} data-kind={e.kind}>
            <p class="muted">
              <strong>{e.author || 'system'}</strong> {KIND_LABEL[e.kind] || e.kind}
              {e.step !== null && e.step !== undefined ? ` at step ${e.step + 1}` : ''}, {when(e.created)}
            </p>
            <p class="thread-text">{e.text}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
