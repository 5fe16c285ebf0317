// The portal shell: header with the views (hash-routed; item and request
// pages by path: route.ts), the inbox badge, and the request dialog.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { Inbox, LayoutGrid, ListChecks, LogOut, Settings } from 'lucide-preact';
import { api, csrfToken } from './api';
import { LazyAdmin } from './admin/LazyAdmin';
import type { Choices, Named } from './admin/adminApi';
import { Approvals } from './Approvals';
import { Catalog } from './Catalog';
import { ItemPage } from './ItemPage';
import { RequestDialog } from './RequestDialog';
import { REQUEST_AGAIN_EVENT, type RequestAgainDetail } from './requestAgain';
import { RequestPage } from './RequestPage';
import { Requests } from './Requests';
import { currentRoute, navigate, onRouteChange, pageFromPath, requestHref, viewUrl, type Route } from './route';
import { badgeText } from './listing';
import type { CatalogItem, InboxBadge, PortalConfig, Prefill, ServiceRequest } from './types';

type View = 'catalog' | 'requests' | 'approvals' | 'admin' | 'item';

function itemId(r: ServiceRequest): number {
  return typeof r.catalog_item === 'object' ? r.catalog_item.id : r.catalog_item;
}
const INBOX_POLL_MS = 10000;

function viewOf(r: Route): View {
  if (r.kind === 'item') return 'item';
  return r.view === 'requests' || r.view === 'approvals' || r.view === 'admin' ? r.view : 'catalog';
}

export function App({ config }: { config: PortalConfig }) {
  const [route, setRoute] = useState<Route>(currentRoute());
  const view = viewOf(route);
  const [requesting, setRequesting] = useState<CatalogItem | null>(null);
  const [prefill, setPrefill] = useState<Prefill | null>(null);
  const [highlight, setHighlight] = useState<number | null>(null);
  const [submitted, setSubmitted] = useState(0);
  // The badge and whether the Approvals view exists for this user: the server says.
  const [inbox, setInbox] = useState<InboxBadge | null>(null);
  // Organizations whose catalog this user manages: the admin tab's audience.
  const [managed, setManaged] = useState<Named[]>([]);
  // /portal/requests/<id>/: one request's page (notification deep links).
  const [page, setPage] = useState<number | null>(pageFromPath(config));
  const [answering, setAnswering] = useState<ServiceRequest | null>(null);
  const [answered, setAnswered] = useState(0);

  useEffect(
    () =>
      onRouteChange(() => {
        setRoute(currentRoute());
        setPage(pageFromPath(config));
      }),
    [config],
  );
  useEffect(() => {
    api<Choices<Named>>('service_catalog_items/organizations/').then((r) => setManaged(r.results), () => undefined);
  }, []);

  // Links to a request's page (a[data-request-link]) open it in place.
  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      const a = (e.target as HTMLElement | null)?.closest?.('a[data-request-link]');
      if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
      e.preventDefault();
      navigate(requestHref(config, Number(a.getAttribute('data-request-link'))));
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, [config]);

  const loadInbox = useCallback(() => {
    api<InboxBadge>('service_requests/inbox/')
      .then(setInbox)
      .catch(() => undefined); // the badge waits for the next round
  }, []);
  useEffect(() => {
    loadInbox();
    const t = window.setInterval(loadInbox, INBOX_POLL_MS);
    return () => window.clearInterval(t);
  }, [loadInbox, view]);

  const go = (v: View) => navigate(viewUrl(v));
  const requestAgainOf = async (requestId: number) => {
    const p = await api<Prefill>(`service_requests/${requestId}/request_again/`);
    const item = await api<CatalogItem>(`service_catalog_items/${p.catalog_item}/`);
    setPrefill(p);
    setRequesting(item);
  };
  const requestAgain = (r: ServiceRequest) => requestAgainOf(r.id);
  // requestAgain.ts: the item page (and anything else) asks by event.
  useEffect(() => {
    const onAgain = (e: Event) => {
      requestAgainOf((e as CustomEvent<RequestAgainDetail>).detail.requestId).catch(() => undefined);
    };
    window.addEventListener(REQUEST_AGAIN_EVENT, onAgain);
    return () => window.removeEventListener(REQUEST_AGAIN_EVENT, onAgain);
  }, []);
  const request = (item: CatalogItem) => {
    setPrefill(null);
    setRequesting(item);
  };

  const tab = (v: View, label: string, icon: preact.ComponentChildren, badge?: InboxBadge) => (
    <a
      href={viewUrl(v)}
      class={'tab' + (page === null && view === v ? ' active' : '')}
      aria-current={page === null && view === v ? 'page' : undefined}
      onClick={(e) => {
        e.preventDefault();
        go(v);
      }}
    >
      {icon}
      <span>{label}</span>
      {badge !== undefined && badge.count > 0 && (
        <span class="badge" aria-label={`${badgeText(badge)} waiting`} data-testid="inbox-count">
          {badgeText(badge)}
        </span>
      )}
    </a>
  );

  const shown = page === null;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <div class="brand">Self-service portal</div>
        <nav aria-label="Portal" class={managed.length > 0 ? 'many' : undefined}>
          {tab('catalog', 'Catalog', <LayoutGrid size={16} aria-hidden="true" />)}
          {tab('requests', 'My requests', <ListChecks size={16} aria-hidden="true" />)}
          {inbox?.can_approve && tab('approvals', 'Approvals', <Inbox size={16} aria-hidden="true" />, inbox)}
          {managed.length > 0 && tab('admin', 'Catalog admin', <Settings size={16} aria-hidden="true" />)}
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
            onBack={() => go(view === 'item' ? 'catalog' : view)}
            onAnswer={(r) => setAnswering(r)}
          />
        )}
        {shown && view === 'catalog' && <Catalog onRequest={request} />}
        {shown && route.kind === 'item' && <ItemPage id={route.id} onRequest={request} version={submitted} />}
        {shown && view === 'admin' && managed.length > 0 && route.kind === 'view' && (
          <LazyAdmin rest={route.rest} organizations={managed} />
        )}
        {shown && view === 'requests' && <Requests config={config} highlight={highlight} onRequestAgain={requestAgain} />}
        {shown && view === 'approvals' && inbox?.can_approve && <Approvals config={config} onChanged={loadInbox} />}
        {shown && view === 'approvals' && inbox && !inbox.can_approve && (
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
          onSubmitted={(r) => {
            setHighlight(r.id);
            setSubmitted((n) => n + 1);
          }}
          onShowRequests={() => {
            setRequesting(null);
            go('requests');
          }}
        />
      )}
    </>
  );
}
