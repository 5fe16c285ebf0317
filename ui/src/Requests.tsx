// "My requests": live status (polled while anything is still moving), the
// audit timeline, the job's output in place and cancel.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ChevronDown, ChevronRight } from 'lucide-preact';
import { api, listAll } from './api';
import { Answers } from './Answers';
import { JobOutput } from './JobOutput';
import { approvalProgress, itemName, jobId, statusLabel, summary, when } from './format';
import { Timeline } from './Timeline';
import { TERMINAL, type PortalConfig, type ServiceRequest } from './types';

const POLL_MS = 2000;

export function Requests(props: { config: PortalConfig; highlight?: number | null }) {
  const [rows, setRows] = useState<ServiceRequest[] | null>(null);
  const [error, setError] = useState('');
  const [open, setOpen] = useState<Record<number, boolean>>(
    props.highlight ? { [props.highlight]: true } : {},
  );
  const [notice, setNotice] = useState('');

  const load = useCallback(() => {
    listAll<ServiceRequest>('service_requests/?mine=true&order_by=-created')
      .then((r) => {
        setRows(r);
        setError('');
      })
      .catch((e: Error) => setError(e.message));
  }, []);

  useEffect(load, [load]);
  const moving = (rows || []).some((r) => !TERMINAL.includes(r.status));
  useEffect(() => {
    if (!moving) return;
    const t = window.setInterval(load, POLL_MS);
    return () => window.clearInterval(t);
  }, [moving, load]);

  const cancel = async (r: ServiceRequest) => {
    if (!window.confirm(`Cancel request #${r.id} (${itemName(r)})?`)) return;
    try {
      await api(`service_requests/${r.id}/cancel/`, { method: 'POST', body: {} });
      setNotice(`Request #${r.id}: cancel sent.`);
    } catch (e) {
      setNotice(`Request #${r.id}: ${(e as Error).message}`);
    }
    load();
  };

  return (
    <section aria-labelledby="requests-title">
      <div class="toolbar">
        <h1 id="requests-title">My requests</h1>
      </div>
      <p class="sr-only" aria-live="polite">
        {notice}
      </p>
      {notice && <p class="notice">{notice}</p>}
      {error && <p class="error-box" role="alert">{error}</p>}
      {!rows && !error && <p>Loading…</p>}
      {rows && !rows.length && <p class="empty">No requests yet. Pick something in the catalog.</p>}
      <ul class="rows">
        {(rows || []).map((r) => {
          const isOpen = !!open[r.id];
          const job = jobId(r);
          return (
            <li key={r.id} class="row" data-request={r.id}>
              <div class="row-head">
                <button
                  type="button"
                  class="disclose"
                  aria-expanded={isOpen}
                  aria-controls={`req-${r.id}`}
                  onClick={() => setOpen({ ...open, [r.id]: !isOpen })}
                >
                  {isOpen ? <ChevronDown size={16} aria-hidden="true" /> : <ChevronRight size={16} aria-hidden="true" />}
                  <span class="row-title">
                    #{r.id} {itemName(r)}
                  </span>
                </button>
                <span class={`status status-${r.status}`} data-status={r.status} aria-live="polite">
                  {statusLabel(r.status)}
                </span>
                <span class="muted">{when(r.created)}</span>
                {r.status === 'pending_approval' && approvalProgress(r) && (
                  <span class="muted">{approvalProgress(r)}</span>
                )}
                {job !== null && summary(r).job && (
                  <span class="muted" data-job-status={summary(r).job?.status}>
                    job #{job}: {summary(r).job?.status}
                  </span>
                )}
              </div>
              {r.status === 'rejected' && r.reason && (
                <p class="reason">
                  Rejected: <q>{r.reason}</q>
                </p>
              )}
              {r.failure_reason && <p class="reason">Failed: {r.failure_reason}</p>}
              {isOpen && (
                <div class="row-body" id={`req-${r.id}`}>
                  {r.justification && (
                    <p>
                      <strong>Justification:</strong> {r.justification}
                    </p>
                  )}
                  <Answers r={r} />
                  <Timeline requestId={r.id} version={`${r.status}-${r.modified || ''}`} />
                  {job !== null && <JobOutput requestId={r.id} />}
                  <div class="actions">
                    {(r.status === 'pending_approval' || r.status === 'running') && (
                      <button type="button" class="danger" onClick={() => cancel(r)}>
                        Cancel request
                      </button>
                    )}
                  </div>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
