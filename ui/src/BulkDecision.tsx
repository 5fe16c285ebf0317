// Approve or reject several requests at once (POST service_requests/bulk_decide/):
// the server decides each on its own, and each result is listed here.
import { useState } from 'preact/hooks';
import { api } from './api';
import { itemName, statusLabel } from './format';
import { Modal } from './Modal';
import type { ServiceRequest } from './types';

interface BulkResult {
  id: number;
  status_code: number;
  status?: string;
  detail?: string;
  code?: string;
  errors?: { message?: string }[];
  request_id?: string;
}

function why(r: BulkResult): string {
  if (r.status_code >= 500) return `Something went wrong on the server${r.request_id ? ` (request id ${r.request_id})` : ''}.`;
  const first = r.errors?.find((e) => e.message)?.message;
  return r.detail || first || `refused (${r.status_code})`;
}

export function BulkDecisionDialog(props: {
  kind: 'approve' | 'reject';
  requests: ServiceRequest[];
  onClose: (summary: string | null) => void;
}) {
  const approve = props.kind === 'approve';
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<BulkResult[] | null>(null);
  const names = new Map(props.requests.map((r) => [r.id, itemName(r)]));

  const send = async (e: Event) => {
    e.preventDefault();
    if (!approve && !text.trim()) {
      setError('Give the requesters a reason.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const out = await api<{ results: BulkResult[] }>('service_requests/bulk_decide/', {
        method: 'POST',
        body: { action: props.kind, ids: props.requests.map((r) => r.id), ...(approve ? { comment: text } : { reason: text }) },
      });
      setResults(out.results);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const ok = (results || []).filter((r) => r.status_code === 200).length;
  const summary = results ? `${ok} of ${results.length} ${approve ? 'approved' : 'rejected'}.` : null;

  return (
    <Modal labelledBy="bulk-title" onClose={() => props.onClose(summary)}>
      <header class="modal-head">
        <h2 id="bulk-title">
          {approve ? 'Approve' : 'Reject'} {props.requests.length} request{props.requests.length === 1 ? '' : 's'}
        </h2>
      </header>
      <div class="modal-body">
        {results ? (
          <>
            <p role="status">{summary}</p>
            <ul class="bulk-results" aria-label="Results">
              {results.map((r) => (
                <li key={r.id} data-request={r.id} data-ok={r.status_code === 200 ? 'true' : 'false'}>
                  <strong>
                    #{r.id} {names.get(r.id) || ''}
                  </strong>
                  {': '}
                  {r.status_code === 200 ? `${approve ? 'approved' : 'rejected'}, now ${statusLabel(r.status || '')}` : why(r)}
                </li>
              ))}
            </ul>
            <div class="actions">
              <button type="button" class="primary" autofocus onClick={() => props.onClose(summary)}>
                Done
              </button>
            </div>
          </>
        ) : (
          <form onSubmit={send} noValidate>
            <p>
              {props.requests.map((r) => `#${r.id}`).join(', ')}: each is decided on its own, as if one by one.
            </p>
            <div class={'field' + (error ? ' invalid' : '')}>
              <label for="bulk-text">
                {approve ? 'Comment (optional)' : 'Reason'}
                {!approve && <span class="req" aria-hidden="true"> *</span>}
              </label>
              <textarea
                id="bulk-text"
                rows={3}
                value={text}
                autofocus
                aria-required={!approve ? 'true' : undefined}
                aria-invalid={error ? 'true' : undefined}
                aria-describedby={error ? 'bulk-err' : undefined}
                onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
              />
              {error && (
                <p class="field-error" id="bulk-err" role="alert">
                  {error}
                </p>
              )}
            </div>
            <div class="actions">
              <button type="button" onClick={() => props.onClose(null)} disabled={busy}>
                Back
              </button>
              <button type="submit" class={approve ? 'primary' : 'danger'} disabled={busy}>
                {approve ? 'Approve all' : 'Reject all'}
              </button>
            </div>
          </form>
        )}
      </div>
    </Modal>
  );
}
