// The approver inbox: approve (optional comment) or reject (reason required).
import { useState } from 'preact/hooks';
import { api } from './api';
import { Answers } from './Answers';
import { approvalProgress, itemName, requesterId, requesterName, when } from './format';
import { Modal } from './Modal';
import type { PortalConfig, ServiceRequest } from './types';

type Decision = { r: ServiceRequest; kind: 'approve' | 'reject' };

export function Approvals(props: {
  config: PortalConfig;
  rows: ServiceRequest[] | null;
  error: string;
  reload: () => void;
}) {
  const [decision, setDecision] = useState<Decision | null>(null);
  const [notice, setNotice] = useState('');
  const me = props.config.user.id;

  return (
    <section aria-labelledby="approvals-title" data-view="approvals" data-state={props.rows ? 'loaded' : 'loading'}>
      <div class="toolbar">
        <h1 id="approvals-title">Approvals</h1>
      </div>
      <p class="notice" aria-live="polite">
        {notice}
      </p>
      {props.error && <p class="error-box" role="alert">{props.error}</p>}
      {!props.rows && !props.error && <p>Loading…</p>}
      {props.rows && !props.rows.length && <p class="empty">Nothing waits for you.</p>}
      <ul class="rows">
        {(props.rows || []).map((r) => {
          const own = requesterId(r) === me;
          return (
            <li key={r.id} class="row" data-request={r.id}>
              <div class="row-head">
                <span class="row-title">
                  #{r.id} {itemName(r)}
                </span>
                <span class="muted">
                  by {requesterName(r)}, {when(r.created)}
                </span>
                {approvalProgress(r) && <span class="muted">{approvalProgress(r)}</span>}
              </div>
              <div class="row-body">
                <p>
                  <strong>Justification:</strong> {r.justification || '—'}
                </p>
                <Answers r={r} />
                <div class="actions">
                  {own ? (
                    <p class="muted">This is your own request: someone else has to decide it.</p>
                  ) : (
                    <>
                      <button type="button" class="primary" onClick={() => setDecision({ r, kind: 'approve' })}>
                        Approve
                      </button>
                      <button type="button" class="danger" onClick={() => setDecision({ r, kind: 'reject' })}>
                        Reject
                      </button>
                    </>
                  )}
                </div>
              </div>
            </li>
          );
        })}
      </ul>
      {decision && (
        <DecisionDialog
          decision={decision}
          onClose={() => setDecision(null)}
          onDone={(msg) => {
            setDecision(null);
            setNotice(msg);
            props.reload();
          }}
        />
      )}
    </section>
  );
}

function DecisionDialog(props: { decision: Decision; onClose: () => void; onDone: (msg: string) => void }) {
  const { r, kind } = props.decision;
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const approve = kind === 'approve';

  const send = async (e: Event) => {
    e.preventDefault();
    if (!approve && !text.trim()) {
      setError('Give the requester a reason.');
      return;
    }
    setBusy(true);
    try {
      const out = await api<ServiceRequest>(`service_requests/${r.id}/${kind}/`, {
        method: 'POST',
        body: approve ? { comment: text } : { reason: text },
      });
      const status = out && typeof out === 'object' && 'status' in out ? ` Status: ${String(out.status).replace(/_/g, ' ')}.` : '';
      props.onDone(`Request #${r.id} ${approve ? 'approved' : 'rejected'}.${status}`);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <Modal labelledBy="decision-title" onClose={props.onClose}>
      <form onSubmit={send} noValidate>
        <header class="modal-head">
          <h2 id="decision-title">
            {approve ? 'Approve' : 'Reject'} request #{r.id}: {itemName(r)}
          </h2>
        </header>
        <div class="modal-body">
          <div class={'field' + (error ? ' invalid' : '')}>
            <label for="decision-text">
              {approve ? 'Comment (optional)' : 'Reason'}
              {!approve && <span class="req" aria-hidden="true"> *</span>}
            </label>
            <textarea
              id="decision-text"
              rows={3}
              value={text}
              autofocus
              aria-required={!approve ? 'true' : undefined}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={error ? 'decision-err' : undefined}
              onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
            />
            {error && (
              <p class="field-error" id="decision-err" role="alert">
                {error}
              </p>
            )}
          </div>
          <div class="actions">
            <button type="button" onClick={props.onClose} disabled={busy}>
              Back
            </button>
            <button type="submit" class={approve ? 'primary' : 'danger'} disabled={busy}>
              {approve ? 'Approve' : 'Reject'}
            </button>
          </div>
        </div>
      </form>
    </Modal>
  );
}
