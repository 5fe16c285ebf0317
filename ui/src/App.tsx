// The portal shell: header with the three views (hash-routed) and the inbox badge.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { Inbox, LayoutGrid, ListChecks, LogOut } from 'lucide-preact';
import { csrfToken, listAll } from './api';
import { requesterId } from './format';
import { Approvals } from './Approvals';
import { Catalog } from './Catalog';
import { RequestDialog } from './RequestDialog';
import { Requests } from './Requests';
import type { CatalogItem, PortalConfig, ServiceRequest } from './types';

type View = 'catalog' | 'requests' | 'approvals';
const INBOX_POLL_MS = 10000;

function viewFromHash(): View {
  const h = window.location.hash.replace(/^#\/?/, '');
  return h === 'requests' || h === 'approvals' ? h : 'catalog';
}

export function App({ config }: { config: PortalConfig }) {
  const [view, setView] = useState<View>(viewFromHash());
  const [requesting, setRequesting] = useState<CatalogItem | null>(null);
  const [highlight, setHighlight] = useState<number | null>(null);
  const [inbox, setInbox] = useState<ServiceRequest[] | null>(null);
  const [inboxError, setInboxError] = useState('');

  useEffect(() => {
    const onHash = () => setView(viewFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const loadInbox = useCallback(() => {
    listAll<ServiceRequest>('service_requests/pending_approvals/')
      .then((r) => {
        setInbox(r);
        setInboxError('');
      })
      .catch((e: Error) => setInboxError(e.message));
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
  const pending = (inbox || []).filter((r) => requesterId(r) !== config.user.id).length;

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
          {tab('approvals', 'Approvals', <Inbox size={16} aria-hidden="true" />, pending)}
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
        {view === 'catalog' && <Catalog onRequest={setRequesting} />}
        {view === 'requests' && <Requests config={config} highlight={highlight} />}
        {view === 'approvals' && <Approvals config={config} rows={inbox} error={inboxError} reload={loadInbox} />}
      </main>
      {requesting && (
        <RequestDialog
          item={requesting}
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
