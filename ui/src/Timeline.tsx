// The audit timeline of one request (GET service_requests/{id}/events/).
import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import { actorName, eventText, when } from './format';
import type { Page, RequestEvent } from './types';

export function Timeline(props: { requestId: number; version: string }) {
  const [events, setEvents] = useState<RequestEvent[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api<Page<RequestEvent> | RequestEvent[]>(`service_requests/${props.requestId}/events/?page_size=200`)
      .then((d) => setEvents(Array.isArray(d) ? d : d.results))
      .catch((e: Error) => setError(e.message));
  }, [props.requestId, props.version]);
  if (error) return <p class="error-box">{error}</p>;
  if (!events) return <p>Loading the timeline…</p>;
  return (
    <ol class="timeline" aria-label="Timeline">
      {events.map((e, i) => (
        <li key={e.id ?? i}>
          <time>{when(e.created as string)}</time>
          <span class="ev">{eventText(e)}</span>
          <span class="by"> by {actorName(e)}</span>
          {(e.reason || e.comment) && <q>{String(e.reason || e.comment)}</q>}
        </li>
      ))}
    </ol>
  );
}
