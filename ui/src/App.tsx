// The portal shell: header with the three views (hash-routed) and the inbox badge.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { Inbox, LayoutGrid, ListChecks, LogOut } from 'lucide-preact';
import { api, csrfToken } from './api';
import { Approvals } from './Approvals';
import { Catalog } from './Catalog';
import { RequestDialog } from './RequestDialog';
import { RequestPage } from './RequestPage';
import { Requests } from './Requests';
import { pageFromPath, portalRoot, requestHref } from './route';
import type { CatalogItem, PortalConfig, Prefill, ServiceRequest } from './types';

type View = 'catalog' | 'requests' | 'approvals';

function itemId(r: ServiceRequest): number {
  return typeof r.catalog_item === 'object' ? r.catalog_item.id : r.catalog_item;
}
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
  // /portal/requests/<id>/: one request's page (notification deep links).
  const [page, setPage] = useState<number | null>(pageFromPath(config));
  const [answering, setAnswering] = useState<ServiceRequest | null>(null);
  const [answered, setAnswered] = useState(0);

  useEffect(() => {
    const onHash = () => setView(viewFromHash());
    const onPop = () => setPage(pageFromPath(config));
    window.addEventListener('hashchange', onHash);
    window.addEventListener('popstate', onPop);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('popstate', onPop);
    };
  }, [config]);

  // Links to a request's page (a[data-request-link]) open it in place.
  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      const a = (e.target as HTMLElement | null)?.closest?.('a[data-request-link]');
      if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
      e.preventDefault();
      const id = Number(a.getAttribute('data-request-link'));
      window.history.pushState(null, '', requestHref(config, id));
      setPage(id);
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, [config]);

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
    if (page !== null) {
      window.history.pushState(null, '', `${portalRoot(config)}#/${v}`);
      setPage(null);
    } else {
      window.location.hash = `#/${v}`;
    }
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
        {page !== null && (
          <RequestPage
            id={page}
            config={config}
            version={answered}
            onBack={() => go(view)}
            onAnswer={(r) => setAnswering(r)}
          />
        )}
        {page === null && view === 'catalog' && (
          <Catalog
            onRequest={(item) => {
              setPrefill(null);
              setRequesting(item);
            }}
          />
        )}
        {page === null && view === 'requests' && <Requests config={config} highlight={highlight} onRequestAgain={requestAgain} />}
        {page === null && view === 'approvals' && inbox?.can_approve && <Approvals config={config} onChanged={loadInbox} />}
        {page === null && view === 'approvals' && inbox && !inbox.can_approve && (
          <p class="empty">Nothing here: you approve no catalog item.</p>
        )}
      </main>
      {answering && answering.catalog_item && (
        <RequestDialog
          item={{ id: itemId(answering), name: '', description: '', icon: '', category: '', tags: [], requires_approval: true, enabled: true }}
          answer={answering}
          onClose={() => setAnswering(null)}
          onSubmitted={() => setAnswered((n) => n + 1)}
          onShowRequests={() => {
            setAnswering(null);
            setAnswered((n) => n + 1);
          }}
        />
      )}
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
