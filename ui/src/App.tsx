// The portal shell: header with the three views (hash-routed) and the inbox badge.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { Inbox, LayoutGrid, ListChecks, LogOut } from 'lucide-preact';
import { api, csrfToken } from './api';
import { Approvals } from './Approvals';
import { Catalog } from './Catalog';
import { RequestDialog } from './RequestDialog';
import { Requests } from './Requests';
import type { CatalogItem, PortalConfig, Prefill, ServiceRequest } from './types';

type View = 'catalog' | 'requests' | 'approvals';
const INBOX_POLL_MS = 10000;

function viewFromHash(): View {
  const h = window.location.hash.replace(/^#\/?/, '');
  return h === 'requests' || h === 'approvals' ? h : 'catalog';
}

export function App({ config }: { config: PortalConfig }) {
  const [view, setView] = useState<View>(viewFromHash());
  const [requesting, setRequesting] = useState<CatalogItem | null>(null);
  const [prefill, setPrefill] = useState<Prefill | null>(null);
  const [highlight, setHighlight] = useState<number | null>(null);
  // The badge and whether the Approvals view exists for this user: the server says.
  const [inbox, setInbox] = useState<{ count: number; can_approve: boolean } | null>(null);

  useEffect(() => {
    const onHash = () => setView(viewFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const loadInbox = useCallback(() => {
    api<{ count: number; can_approve: boolean }>('service_requests/inbox/')
      .then(setInbox)
      .catch(() => undefined); // the badge waits for the next round
  }, []);
  useEffect(() => {
    loadInbox();
    const t = window.setInterval(loadInbox, INBOX_POLL_MS);
    return () => window.clearInterval(t);
  }, [loadInbox, view]);

  const go = (v: View) => {
    window.location.hash = `#/${v}`;
    setView(v);
  };
  const requestAgain = async (r: ServiceRequest) => {
    const p = await api<Prefill>(`service_requests/${r.id}/request_again/`);
    const item = await api<CatalogItem>(`service_catalog_items/${p.catalog_item}/`);
    setPrefill(p);
    setRequesting(item);
  };

  const tab = (v: View, label: string, icon: preact.ComponentChildren, badge?: number) => (
    <a
      href={`#/${v}`}
      class={'tab' + (view === v ? ' active' : '')}
      aria-current={view === v ? 'page' : undefined}
      onClick={(e) => {
        e.preventDefault();
        go(v);
      }}
    >
      {icon}
      <span>{label}</span>
      {badge !== undefined && badge > 0 && (
        <span class="badge" aria-label={`${badge} waiting`} data-testid="inbox-count">
          {badge}
        </span>
      )}
    </a>
  );

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <div class="brand">Self-service portal</div>
        <nav aria-label="Portal">
          {tab('catalog', 'Catalog', <LayoutGrid size={16} aria-hidden="true" />)}
          {tab('requests', 'My requests', <ListChecks size={16} aria-hidden="true" />)}
          {inbox?.can_approve && tab('approvals', 'Approvals', <Inbox size={16} aria-hidden="true" />, inbox.count)}
        </nav>
        <form class="user" method="post" action={config.logoutUrl}>
          <input type="hidden" name="csrfmiddlewaretoken" value={csrfToken()} />
          <span class="who" data-testid="username">
            {config.user.username}
          </span>
          <button type="submit" class="icon-btn" aria-label="Log out" title="Log out">
            <LogOut size={16} aria-hidden="true" />
          </button>
        </form>
      </header>
      <main id="main" tabIndex={-1}>
        {view === 'catalog' && (
          <Catalog
            onRequest={(item) => {
              setPrefill(null);
              setRequesting(item);
            }}
          />
        )}
        {view === 'requests' && <Requests config={config} highlight={highlight} onRequestAgain={requestAgain} />}
        {view === 'approvals' && inbox?.can_approve && <Approvals config={config} onChanged={loadInbox} />}
        {view === 'approvals' && inbox && !inbox.can_approve && (
          <p class="empty">Nothing here: you approve no catalog item.</p>
        )}
      </main>
      {requesting && (
        <RequestDialog
          item={requesting}
          prefill={prefill}
          onClose={() => setRequesting(null)}
          onSubmitted={(r) => setHighlight(r.id)}
          onShowRequests={() => {
            setRequesting(null);
            go('requests');
          }}
        />
      )}
    </>
  );
}
