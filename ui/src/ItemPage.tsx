// An item's own page (/portal/items/<id>/): its documentation as sanitized
// Markdown, the approval plan, who to contact, my recent requests for it,
// Request and Request again, and the favourite toggle.
import { useEffect, useState } from 'preact/hooks';
import { ArrowLeft } from 'lucide-preact';
import { api, ApiError } from './api';
import { FavoriteButton } from './FavoriteButton';
import { ItemIcon } from './Icon';
import { ItemPlan } from './ItemPlan';
import { Markdown } from './Markdown';
import { requestAgain } from './requestAgain';
import { linkClick, viewUrl } from './route';
import { statusLabel, when } from './format';
import type { CatalogItem, Page, ServiceRequest } from './types';

const RECENT = 5;

export function ItemPage(props: { id: number; onRequest: (item: CatalogItem) => void; version: number }) {
  const [item, setItem] = useState<CatalogItem | null>(null);
  const [error, setError] = useState('');
  const [mine, setMine] = useState<ServiceRequest[] | null>(null);

  useEffect(() => {
    setItem(null);
    setError('');
    api<CatalogItem>(`service_catalog_items/${props.id}/`)
      .then(setItem)
      .catch((e: Error) =>
        setError(e instanceof ApiError && e.status === 404 ? 'There is no such item in your catalog.' : e.message),
      );
  }, [props.id]);
  useEffect(() => {
    api<Page<ServiceRequest>>(
      `service_requests/?mine=true&catalog_item=${props.id}&order_by=-created&page_size=${RECENT}`,
    )
      .then((p) => setMine(p.results))
      .catch(() => setMine([]));
  }, [props.id, props.version]);

  useEffect(() => {
    if (item) document.title = `${item.name} · Self-service portal`;
  }, [item]);

  const back = (
    <a href={viewUrl('catalog')} class="back" onClick={linkClick(viewUrl('catalog'))}>
      <ArrowLeft size={16} aria-hidden="true" /> Catalog
    </a>
  );
  if (error) {
    return (
      <section aria-labelledby="item-title">
        {back}
        <h1 id="item-title">Item not found</h1>
        <p class="error-box" role="alert">
          {error}
        </p>
      </section>
    );
  }
  if (!item) return <p aria-live="polite">Loading…</p>;

  const last = (mine || [])[0];
  return (
    <article class="item-page" aria-labelledby="item-title" data-item-page={item.id}>
      {back}
      <header class="item-head">
        <div class="card-icon">
          <ItemIcon name={item.icon} />
        </div>
        <div class="item-title">
          <h1 id="item-title">{item.name}</h1>
          <p class="category">{item.category}</p>
          <ul class="tags" aria-label="Tags">
            {(item.tags || []).map((t) => (
              <li key={t} class="tag">
                {t}
              </li>
            ))}
          </ul>
        </div>
        <FavoriteButton
          itemId={item.id}
          name={item.name}
          on={!!item.favorite}
          onChange={(on) => setItem({ ...item, favorite: on })}
        />
      </header>
      <div class="actions item-actions">
        {last && (
          <button type="button" onClick={() => requestAgain(last)}>
            Request again
          </button>
        )}
        <button type="button" class="primary" onClick={() => props.onRequest(item)} disabled={!item.enabled}>
          Request
        </button>
      </div>
      {!item.enabled && <p class="note">This item is disabled: it cannot be requested now.</p>}
      <div class="item-grid">
        <section aria-labelledby="item-about" class="panel">
          <h2 id="item-about">About</h2>
          {item.description ? <Markdown text={item.description} id="item-description" /> : <p class="muted">No description.</p>}
        </section>
        <aside class="item-side">
          <section aria-labelledby="item-plan" class="panel">
            <h2 id="item-plan">Approval plan</h2>
            <ItemPlan item={item} />
          </section>
          <section aria-labelledby="item-contact" class="panel">
            <h2 id="item-contact">Contact</h2>
            <p data-testid="item-contact">{item.contact || "The organization's admins."}</p>
          </section>
          <section aria-labelledby="item-mine" class="panel">
            <h2 id="item-mine">My recent requests</h2>
            {mine === null && <p>Loading…</p>}
            {mine && !mine.length && <p class="muted">You have not requested this yet.</p>}
            {mine && mine.length > 0 && (
              <ul class="recent" data-testid="recent-requests">
                {mine.map((r) => (
                  <li key={r.id} data-request={r.id}>
                    <a href={viewUrl('requests')} onClick={linkClick(viewUrl('requests'))}>
                      #{r.id}
                    </a>{' '}
                    <span class={`status status-${r.status}`} data-status={r.status}>
                      {statusLabel(r.status)}
                    </span>{' '}
                    <span class="muted">{when(r.created)}</span>{' '}
                    <button type="button" class="link-btn" onClick={() => requestAgain(r)} aria-label={`Request again like #${r.id}`}>
                      Request again
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </aside>
      </div>
    </article>
  );
}
