// A request's job output, served by the request itself (GET
// service_requests/{id}/output/): a requester usually cannot see the job in
// the controller. One tab per workflow node's job; while the job runs the
// next page is asked for with a growing delay, and asking stops once the
// server says the output is complete or the panel closes.
import { useEffect, useState } from 'preact/hooks';
import { ExternalLink } from 'lucide-preact';
import { api } from './api';
import type { JobOutputPage, OutputEvent, OutputJob } from './types';

const PAGE = 500;
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 10000;

export function JobOutput(props: { requestId: number }) {
  const [jobs, setJobs] = useState<OutputJob[]>([]);
  // The tab the user chose (null: the server's default), and the job shown.
  const [choice, setChoice] = useState<number | null>(null);
  const [picked, setPicked] = useState<number | null>(null);
  const [events, setEvents] = useState<OutputEvent[]>([]);
  const [complete, setComplete] = useState(false);
  const [error, setError] = useState('');
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    let stopped = false;
    let timer = 0;
    let delay = FIRST_DELAY_MS;
    let after = 0;
    setEvents([]);
    setComplete(false);
    const step = async () => {
      const job = choice === null ? '' : `&job=${choice}`;
      try {
        const page = await api<JobOutputPage>(
          `service_requests/${props.requestId}/output/?after=${after}&page_size=${PAGE}${job}`,
        );
        if (stopped) return;
        setJobs(page.jobs);
        setLoaded(true);
        setError('');
        setPicked(page.job);
        if (page.events.length) setEvents((old) => old.concat(page.events));
        setComplete(page.complete);
        if (page.next === null) return;
        after = page.next;
        // A full page: more is waiting now. Otherwise wait longer each time.
        delay = page.events.length >= PAGE ? 0 : page.events.length ? FIRST_DELAY_MS : Math.min(delay * 2, MAX_DELAY_MS);
      } catch (e) {
        if (stopped) return;
        setError((e as Error).message);
        delay = Math.min(delay * 2, MAX_DELAY_MS);
      }
      timer = window.setTimeout(step, delay);
    };
    step();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [props.requestId, choice]);

  const choose = (id: number) => {
    if (id !== picked) setChoice(id);
  };
  const current = jobs.find((j) => j.id === picked);

  if (!loaded && !error) return <p class="muted">Loading the job output…</p>;
  if (!jobs.length && !error) return null;
  return (
    <section class="job-output" aria-label="Job output">
      {jobs.length > 1 && (
        <div class="node-tabs" role="tablist" aria-label="Workflow nodes">
          {jobs.map((j) => (
            <button
              key={j.id}
              type="button"
              role="tab"
              aria-selected={j.id === picked}
              class={j.id === picked ? 'node-tab active' : 'node-tab'}
              onClick={() => choose(j.id)}
            >
              {j.node || j.name} <span class={`node-status status-${j.status}`}>{j.status}</span>
            </button>
          ))}
        </div>
      )}
      <div class="output-head">
        {current && (
          <span class="muted" data-output-status={current.status}>
            Job #{current.id} {current.name}: {current.status}
            {!complete && ' (live)'}
          </span>
        )}
        {current?.controller_url && (
          <a class="button" href={current.controller_url} target="_blank" rel="noopener">
            <ExternalLink size={14} aria-hidden="true" /> Open in the controller
          </a>
        )}
      </div>
      {error && <p class="error-box" role="alert">{error}</p>}
      <pre class="output" tabIndex={0} aria-label={`Output of job ${current ? current.id : ''}`}>
        {events.length ? events.map((e) => <span key={e.counter} class={e.failed ? 'failed' : undefined}>{e.stdout + '\n'}</span>) : complete ? 'No output.' : 'Waiting for output…'}
      </pre>
    </section>
  );
}
