// "My requests": one server page at a time with status tabs, search and an
// item filter; live status for the rows still moving; the audit timeline, the
// job's output in place, cancel (confirmed in the app) and request again.
import { useState } from 'preact/hooks';
import { ChevronDown, ChevronRight, RotateCcw } from 'lucide-preact';
import { api } from './api';
import { Answers } from './Answers';
import { ConfirmDialog } from './ConfirmDialog';
import { JobOutput } from './JobOutput';
import { hasFilters, ListControls, Pager } from './ListControls';
import { LiveNote } from './LiveNote';
import { STATUS_TABS, useRequestList, type Filters } from './listing';
import { approvalProgress, itemName, jobId, statusLabel, summary, when } from './format';
import { Timeline } from './Timeline';
import type { PortalConfig, ServiceRequest } from './types';

const BASE = { mine: 'true', order_by: '-created' };

export function Requests(props: {
  config: PortalConfig;
  highlight?: number | null;
  onRequestAgain: (r: ServiceRequest) => Promise<void>;
}) {
  const [filters, setFilters] = useState<Filters>({ tab: 'all', search: '', item: '', page: 1 });
  const list = useRequestList(BASE, STATUS_TABS, filters);
  const [open, setOpen] = useState<Record<number, boolean>>(props.highlight ? { [props.highlight]: true } : {});
  const [notice, setNotice] = useState('');
  const [canceling, setCanceling] = useState<ServiceRequest | null>(null);
  // Cancel was sent: the row stops offering it (its job takes a moment to stop).
  const [cancelSent, setCancelSent] = useState<Record<number, string>>({});
  const rows = list.page?.results || null;

  const cancel = async (r: ServiceRequest) => {
    await api(`service_requests/${r.id}/cancel/`, { method: 'POST', body: {} });
    setCancelSent((s) => ({ ...s, [r.id]: r.status }));
    setNotice(`Request #${r.id}: cancel sent.`);
    list.reload();
  };

  const again = (r: ServiceRequest) => {
    setNotice('');
    props.onRequestAgain(r).catch((e: Error) => setNotice(`Request #${r.id}: ${e.message}`));
  };

  return (
    <section
      aria-labelledby="requests-title"
      data-view="requests"
      data-state={rows ? 'loaded' : 'loading'}
      data-search={list.loadedSearch}
    >
      <div class="toolbar">
        <h1 id="requests-title">My requests</h1>
      </div>
      <ListControls
        id="requests"
        label="my requests"
        tabs={STATUS_TABS}
        counts={list.counts}
        extraCounts={list.extraCounts}
        filters={filters}
        onChange={setFilters}
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
      <div id="requests-panel" role="tabpanel" aria-labelledby={`requests-tab-${list.tab.key}`} tabIndex={-1}>
        {!rows && !list.error && <p>Loading…</p>}
        {rows && !rows.length && !hasFilters(filters) && filters.tab === 'all' && (
          <p class="empty">No requests yet. Pick something in the catalog.</p>
        )}
        {rows && !rows.length && (hasFilters(filters) || filters.tab !== 'all') && (
          <p class="empty">
            Nothing matches.{' '}
            <button type="button" class="link" onClick={() => setFilters({ tab: 'all', search: '', item: '', page: 1 })}>
              Clear filters
            </button>
          </p>
        )}
        <ul class="rows">
          {(rows || []).map((r) => {
            const isOpen = !!open[r.id];
            const job = jobId(r);
            const sent = cancelSent[r.id] !== undefined && cancelSent[r.id] === r.status;
            const cancellable = r.can_cancel === true && !sent; // the server's answer, not a list of states
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
                  <span class={`status status-${r.status}`} data-status={r.status}>
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
                  {sent && <span class="muted" data-cancel-sent="true">cancel sent</span>}
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
                      {summary(r).catalog_item?.id !== null && (
                        <button type="button" onClick={() => again(r)}>
                          <RotateCcw size={16} aria-hidden="true" /> Request again
                        </button>
                      )}
                      {cancellable && (
                        <button type="button" class="danger" onClick={() => setCanceling(r)}>
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
        {list.page && <Pager id="requests" count={list.page.count} filters={filters} onChange={setFilters} />}
      </div>
      {canceling && (
        <ConfirmDialog
          title={`Cancel request #${canceling.id}?`}
          confirm="Cancel request"
          back="Keep it"
          danger
          onConfirm={() => cancel(canceling)}
          onClose={() => setCanceling(null)}
        >
          <p>
            {itemName(canceling)}:{' '}
            {canceling.status === 'running'
              ? 'its job is asked to stop; what it already did stays done.'
              : 'it will not be approved or run.'}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
