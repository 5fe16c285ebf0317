// One request's own page, /portal/requests/<id>/ (the address notifications
// link to; the server serves the portal there, so it works on reload). Shows
// the status, the approval plan, the conversation and the timeline, and
// offers exactly what the server's can_* flags allow.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ArrowLeft } from 'lucide-preact';
import { api, ApiError } from './api';
import { Answers } from './Answers';
import { ApprovalPlan } from './ApprovalPlan';
import { DecisionDialog } from './Approvals';
import { itemName, jobId, requesterName, statusLabel, when } from './format';
import { JobOutput } from './JobOutput';
import { StepClock } from './StepClock';
import { Thread } from './Thread';
import { Timeline } from './Timeline';
import { moving as stillMoving } from './listing';
import type { PortalConfig, ServiceRequest } from './types';
import './approval.css';

const POLL_MS = 3000;

export function RequestPage(props: {
  id: number;
  config: PortalConfig;
  onBack: () => void;
  onAnswer: (r: ServiceRequest) => void;
  version?: number;
}) {
  const [r, setR] = useState<ServiceRequest | null>(null);
  const [error, setError] = useState('');
  const [decision, setDecision] = useState<'approve' | 'reject' | 'request_info' | null>(null);
  const [notice, setNotice] = useState('');

  const load = useCallback(() => {
    api<ServiceRequest>(`service_requests/${props.id}/`)
      .then((d) => {
        setR(d);
        setError('');
      })
      .catch((e: Error) =>
        setError(
          e instanceof ApiError && e.status === 404
            ? `Request #${props.id} does not exist, or you may not see it.`
            : e.message,
        ),
      );
  }, [props.id]);
  useEffect(load, [load, props.version]);
  const moving = !!r && stillMoving(r);
  useEffect(() => {
    if (!moving) return;
    const t = window.setInterval(load, POLL_MS);
    return () => window.clearInterval(t);
  }, [moving, load]);

  const cancel = async () => {
    if (!r || !window.confirm(`Cancel request #${r.id} (${itemName(r)})?`)) return;
    try {
      await api(`service_requests/${r.id}/cancel/`, { method: 'POST', body: {} });
      setNotice(`Request #${r.id}: cancel sent.`);
    } catch (e) {
      setNotice(`Request #${r.id}: ${(e as Error).message}`);
    }
    load();
  };

  const back = (
    <a
      href={props.config.portalRoot || '/portal/'}
      class="back"
      onClick={(e) => {
        e.preventDefault();
        props.onBack();
      }}
    >
      <ArrowLeft size={16} aria-hidden="true" /> Back
    </a>
  );

  if (error) {
    return (
      <section aria-labelledby="request-title">
        {back}
        <h1 id="request-title">Request #{props.id}</h1>
        <p class="error-box" role="alert">
          {error}
        </p>
      </section>
    );
  }
  if (!r) return <p aria-live="polite">Loading…</p>;
  const job = jobId(r);
  const any = r.can_approve || r.can_reject || r.can_request_info || r.can_answer || r.can_cancel;
  return (
    <section aria-labelledby="request-title" class="request-page" data-request={r.id} data-status={r.status}>
      {back}
      <div class="toolbar">
        <h1 id="request-title">
          #{r.id} {itemName(r)}
        </h1>
        <span class={`status status-${r.status}`} data-status={r.status} aria-live="polite">
          {statusLabel(r.status)}
        </span>
      </div>
      <p class="muted">
        by {requesterName(r)}, {when(r.created)} <StepClock r={r} />
      </p>
      <p class="sr-only" aria-live="polite">
        {notice}
      </p>
      {notice && <p class="notice">{notice}</p>}
      {(r.status === 'rejected' || r.status === 'expired') && r.reason && (
        <p class="reason">
          {r.status === 'expired' ? 'Expired' : 'Rejected'}: <q>{r.reason}</q>
        </p>
      )}
      {r.failure_reason && <p class="reason">Failed: {r.failure_reason}</p>}
      {any && (
        <div class="actions" data-testid="request-actions">
          {r.can_answer && (
            <button type="button" class="primary" onClick={() => props.onAnswer(r)}>
              Answer the question
            </button>
          )}
          {r.can_approve && (
            <button type="button" class="primary" onClick={() => setDecision('approve')}>
              Approve
            </button>
          )}
          {r.can_reject && (
            <button type="button" class="danger" onClick={() => setDecision('reject')}>
              Reject
            </button>
          )}
          {r.can_request_info && (
            <button type="button" onClick={() => setDecision('request_info')}>
              Ask for information
            </button>
          )}
          {r.can_cancel && (
            <button type="button" class="danger" onClick={cancel}>
              Cancel request
            </button>
          )}
        </div>
      )}
      <ApprovalPlan r={r} />
      <Thread r={r} />
      {r.justification && !(r.thread && r.thread.length) && (
        <p>
          <strong>Justification:</strong> {r.justification}
        </p>
      )}
      <Answers r={r} />
      <h2 class="sub">Timeline</h2>
      <Timeline requestId={r.id} version={`${r.status}-${r.modified || ''}`} />
      {job !== null && <JobOutput requestId={r.id} />}
      {decision && (
        <DecisionDialog
          decision={{ r, kind: decision }}
          onClose={() => setDecision(null)}
          onDone={(msg) => {
            setDecision(null);
            setNotice(msg);
            load();
          }}
        />
      )}
    </section>
  );
}
