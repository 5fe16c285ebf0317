// An item's own page (/portal/items/<id>/): its documentation as sanitized
// Markdown, the approval plan, who to contact, my recent requests for it,
// Request and Request again, and the favourite toggle.
import { useEffect, useState } from 'preact/hooks';
import { ArrowLeft, ShieldCheck, Zap } from 'lucide-preact';
import { api, ApiError } from './api';
import { FavoriteButton } from './FavoriteButton';
import { ItemIcon } from './Icon';
import { Markdown } from './Markdown';
import { requestAgain } from './requestAgain';
import { linkClick, viewUrl } from './route';
import { statusLabel, when } from './format';
import type { CatalogItem, Page, ServiceRequest } from './types';

const RECENT = 5;

interface PlanStep {
  title?: string;
  approver_team?: number | null;
  quorum?: number;
  summary_fields?: { approver_team?: { name: string } | null };
  approver_team_name?: string;
}

// The approval plan as the item carries it: its steps where it has them
// (serial approval, issue 12), else the one-step fields.
function planSteps(item: CatalogItem): { who: string; quorum: number; title: string }[] {
  if (!item.requires_approval) return [];
  const steps = (item as unknown as { approval_steps?: PlanStep[] }).approval_steps;
  if (Array.isArray(steps) && steps.length) {
    return steps.map((s, i) => ({
      title: s.title || `Step ${i + 1}`,
      who:
        s.summary_fields?.approver_team?.name ||
        s.approver_team_name ||
        (s.approver_team ? `team #${s.approver_team}` : "the organization's admins"),
      quorum: s.quorum || 1,
    }));
  }
  return [
    {
      title: 'Approval',
      who: item.summary_fields?.approver_team?.name || "the organization's admins",
      quorum: item.approvals_required || 1,
    },
  ];
}

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

  const plan = planSteps(item);
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
            {plan.length ? (
              <ol class="plan">
                {plan.map((s, i) => (
                  <li key={i}>
                    <ShieldCheck size={14} aria-hidden="true" /> <strong>{s.title}</strong>:{' '}
                    {s.quorum > 1 ? `${s.quorum} approvals from ` : 'one approval from '}
                    {s.who}
                  </li>
                ))}
              </ol>
            ) : (
              <p>
                <Zap size={14} aria-hidden="true" /> No approval: it runs as soon as you submit.
              </p>
            )}
            {item.justification_required && <p class="muted">A justification is required.</p>}
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
