// The approver inbox: one server page at a time. "To decide" lists what
// waits for the caller's vote (with bulk approve / reject, each request
// decided on its own and each result shown); the status tabs list the
// requests of others the caller may see, with search and an item filter.
import { useState } from 'preact/hooks';
import { api } from './api';
import { Answers } from './Answers';
import { BulkDecisionDialog } from './BulkDecision';
import { hasFilters, ListControls, Pager } from './ListControls';
import { LiveNote } from './LiveNote';
import { STATUS_TABS, useRequestList, type Filters, type Tab } from './listing';
import { approvalProgress, itemName, requesterId, requesterName, statusLabel, when } from './format';
import { Modal } from './Modal';
import { StepClock } from './StepClock';
import type { PortalConfig, ServiceRequest } from './types';

type Decision = { r: ServiceRequest; kind: 'approve' | 'reject' | 'request_info' };

const TABS: Tab[] = [
  { key: 'decide', label: 'To decide', path: 'service_requests/pending_approvals/' },
  ...STATUS_TABS.map((t) => (t.key === 'all' ? { ...t, label: 'All of others' } : t)),
];
const BASE = { mine: 'false', order_by: '-created' };

export function Approvals(props: { config: PortalConfig; onChanged: () => void }) {
  const [filters, setFilters] = useState<Filters>({ tab: 'decide', search: '', item: '', page: 1 });
  // The inbox endpoint takes no "mine" (it never lists the caller's own).
  const list = useRequestList(BASE, TABS, filters);
  const [decision, setDecision] = useState<Decision | null>(null);
  // The selection as it was when the bulk action was chosen.
  const [bulk, setBulk] = useState<{ kind: 'approve' | 'reject'; requests: ServiceRequest[] } | null>(null);
  const [selected, setSelected] = useState<Record<number, boolean>>({});
  const [notice, setNotice] = useState('');
  const me = props.config.user.id;
  const rows = list.page?.results || null;
  const deciding = filters.tab === 'decide';
  const selectable = (rows || []).filter((r) => deciding && requesterId(r) !== me);
  const chosen = selectable.filter((r) => selected[r.id]);
  const allChosen = selectable.length > 0 && chosen.length === selectable.length;

  const changed = () => {
    setSelected({});
    list.reload();
    props.onChanged();
  };
  const change = (f: Filters) => {
    setSelected({});
    setFilters(f);
  };

  return (
    <section
      aria-labelledby="approvals-title"
      data-view="approvals"
      data-state={rows ? 'loaded' : 'loading'}
      data-search={list.loadedSearch}
    >
      <div class="toolbar">
        <h1 id="approvals-title">Approvals</h1>
      </div>
      <ListControls
        id="approvals"
        label="approvals"
        tabs={TABS}
        counts={list.counts}
        extraCounts={list.extraCounts}
        filters={filters}
        onChange={change}
      />
      <p class="notice" aria-live="polite">
        {notice}
      </p>
      {list.error && (
        <p class="error-box" role="alert">
          {list.error}
        </p>
      )}
      <LiveNote live={list.live} onResume={list.reload} />
      <div id="approvals-panel" role="tabpanel" aria-labelledby={`approvals-tab-${list.tab.key}`} tabIndex={-1}>
        {deciding && selectable.length > 0 && (
          <div class="bulk-bar" role="group" aria-label="Decide several">
            <label class="choice">
              <input
                type="checkbox"
                checked={allChosen}
                onChange={() => {
                  const next: Record<number, boolean> = {};
                  if (!allChosen) for (const r of selectable) next[r.id] = true;
                  setSelected(next);
                }}
              />
              Select all on this page
            </label>
            <button type="button" class="primary" disabled={!chosen.length} onClick={() => setBulk({ kind: 'approve', requests: chosen })}>
              Approve selected ({chosen.length})
            </button>
            <button type="button" class="danger" disabled={!chosen.length} onClick={() => setBulk({ kind: 'reject', requests: chosen })}>
              Reject selected ({chosen.length})
            </button>
          </div>
        )}
        {!rows && !list.error && <p>Loading…</p>}
        {rows && !rows.length && !hasFilters(filters) && deciding && <p class="empty">Nothing waits for you.</p>}
        {rows && !rows.length && (hasFilters(filters) || !deciding) && (
          <p class="empty">
            Nothing matches.{' '}
            {hasFilters(filters) && (
              <button type="button" class="link" onClick={() => change({ ...filters, search: '', item: '', page: 1 })}>
                Clear filters
              </button>
            )}
          </p>
        )}
        <ul class="rows">
          {(rows || []).map((r) => {
            const own = requesterId(r) === me;
            return (
              <li key={r.id} class="row" data-request={r.id}>
                <div class="row-head">
                  {deciding && (r.can_approve || r.can_reject) && (
                    <input
                      type="checkbox"
                      class="pick"
                      checked={!!selected[r.id]}
                      aria-label={`Select request #${r.id}`}
                      onChange={() => setSelected({ ...selected, [r.id]: !selected[r.id] })}
                    />
                  )}
                  <a
                    class="row-title"
                    href={`${props.config.portalRoot || '/portal/'}requests/${r.id}/`}
                    data-request-link={r.id}
                  >
                    #{r.id} {itemName(r)}
                  </a>
                  {!deciding && (
                    <span class={`status status-${r.status}`} data-status={r.status}>
                      {statusLabel(r.status)}
                    </span>
                  )}
                  <span class="muted">
                    by {requesterName(r)}, {when(r.created)}
                  </span>
                  {approvalProgress(r) && <span class="muted">{approvalProgress(r)}</span>}
                  <StepClock r={r} />
                </div>
                <div class="row-body">
                  <p>
                    <strong>Justification:</strong> {r.justification || '—'}
                  </p>
                  <Answers r={r} />
                  {deciding && (
                    <div class="actions">
                      {/* The server's can_* flags decide what shows; the text only says why nothing does. */}
                      {r.can_approve && (
                        <button type="button" class="primary" onClick={() => setDecision({ r, kind: 'approve' })}>
                          Approve
                        </button>
                      )}
                      {r.can_reject && (
                        <button type="button" class="danger" onClick={() => setDecision({ r, kind: 'reject' })}>
                          Reject
                        </button>
                      )}
                      {!r.can_approve && !r.can_reject && (
                        <p class="muted">
                          {r.approval_expiry?.expired
                            ? 'The time to decide this request has run out.'
                            : own
                              ? 'This is your own request: someone else has to decide it.'
                              : 'Nothing for you to decide here now.'}
                        </p>
                      )}
                    </div>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
        {list.page && <Pager id="approvals" count={list.page.count} filters={filters} onChange={change} />}
      </div>
      {decision && (
        <DecisionDialog
          decision={decision}
          onClose={() => setDecision(null)}
          onDone={(msg) => {
            setDecision(null);
            setNotice(msg);
            changed();
          }}
        />
      )}
      {bulk && (
        <BulkDecisionDialog
          kind={bulk.kind}
          requests={bulk.requests}
          onClose={(summary) => {
            setBulk(null);
            if (summary) {
              setNotice(summary);
              changed();
            }
          }}
        />
      )}
    </section>
  );
}

export function DecisionDialog(props: { decision: Decision; onClose: () => void; onDone: (msg: string) => void }) {
  const { r, kind } = props.decision;
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const approve = kind === 'approve';
  const ask = kind === 'request_info';
  const verb = approve ? 'Approve' : ask ? 'Ask for information on' : 'Reject';

  const send = async (e: Event) => {
    e.preventDefault();
    if (!approve && !text.trim()) {
      setError(ask ? 'Ask the requester a question.' : 'Give the requester a reason.');
      return;
    }
    setBusy(true);
    try {
      const out = await api<ServiceRequest>(`service_requests/${r.id}/${kind}/`, {
        method: 'POST',
        body: approve ? { comment: text } : ask ? { question: text } : { reason: text },
      });
      const status = out && typeof out === 'object' && 'status' in out ? ` Status: ${String(out.status).replace(/_/g, ' ')}.` : '';
      props.onDone(`Request #${r.id} ${approve ? 'approved' : ask ? 'sent back with a question' : 'rejected'}.${status}`);
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
            {verb} request #{r.id}: {itemName(r)}
          </h2>
        </header>
        <div class="modal-body">
          <div class={'field' + (error ? ' invalid' : '')}>
            <label for="decision-text">
              {approve ? 'Comment (optional)' : ask ? 'Question' : 'Reason'}
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
              {approve ? 'Approve' : ask ? 'Ask' : 'Reject'}
            </button>
          </div>
        </div>
      </form>
    </Modal>
  );
}
