// The catalog: cards (or a list) of enabled items with search and a category filter.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { LayoutGrid, List, Search, ShieldCheck, Zap } from 'lucide-preact';
import { listAll } from './api';
import { FavoriteButton } from './FavoriteButton';
import { ItemIcon } from './Icon';
import { itemUrl, linkClick } from './route';
import type { CatalogItem } from './types';

export function Catalog(props: { onRequest: (item: CatalogItem) => void }) {
  const [items, setItems] = useState<CatalogItem[] | null>(null);
  const [error, setError] = useState('');
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState('');
  const [layout, setLayout] = useState<'grid' | 'list'>(
    (localStorage.getItem('fc-layout') as 'grid' | 'list') || 'grid',
  );

  useEffect(() => {
    // enabled=true: admins may see disabled items through the API, the portal never shows them
    listAll<CatalogItem>('service_catalog_items/?enabled=true&order_by=name')
      .then((all) => setItems(all.filter((i) => i.enabled !== false)))
      .catch((e: Error) => setError(e.message));
  }, []);

  const categories = useMemo(
    () => Array.from(new Set((items || []).map((i) => i.category).filter(Boolean))).sort(),
    [items],
  );
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    // Favourites first (pinned), each group in the server's name order.
    const pinned = [...(items || [])].sort((a, b) => Number(!!b.favorite) - Number(!!a.favorite));
    return pinned.filter(
      (i) =>
        (!category || i.category === category) &&
        (!q ||
          i.name.toLowerCase().includes(q) ||
          (i.description || '').toLowerCase().includes(q) ||
          (i.tags || []).some((t) => t.toLowerCase().includes(q))),
    );
  }, [items, query, category]);

  const switchLayout = (l: 'grid' | 'list') => {
    setLayout(l);
    localStorage.setItem('fc-layout', l);
  };

  return (
    <section aria-labelledby="catalog-title">
      <div class="toolbar">
        <h1 id="catalog-title">Service catalog</h1>
        <div class="filters" role="search">
          <label class="search">
            <Search size={16} aria-hidden="true" />
            <span class="sr-only">Search the catalog</span>
            <input
              type="search"
              placeholder="Search name, description, tag"
              value={query}
              onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <label>
            <span class="sr-only">Category</span>
            <select value={category} onChange={(e) => setCategory((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">All categories</option>
              {categories.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <div class="seg" role="group" aria-label="Layout">
            <button type="button" aria-pressed={layout === 'grid'} onClick={() => switchLayout('grid')} title="Grid">
              <LayoutGrid size={16} aria-hidden="true" />
              <span class="sr-only">Grid</span>
            </button>
            <button type="button" aria-pressed={layout === 'list'} onClick={() => switchLayout('list')} title="List">
              <List size={16} aria-hidden="true" />
              <span class="sr-only">List</span>
            </button>
          </div>
        </div>
      </div>
      {error && <p class="error-box" role="alert">{error}</p>}
      {!items && !error && <p aria-live="polite">Loading the catalog…</p>}
      {items && (
        <p class="count" aria-live="polite">
          {shown.length} of {items.length} items
        </p>
      )}
      <ul class={`cards ${layout}`}>
        {shown.map((item) => (
          <li key={item.id} class="card" data-item={item.name}>
            <div class="card-icon">
              <ItemIcon name={item.icon} />
            </div>
            <div class="card-main">
              <h2 class="card-title">
                <a href={itemUrl(item.id)} onClick={linkClick(itemUrl(item.id))}>
                  {item.name}
                </a>
              </h2>
              <p class="category">{item.category}</p>
              <p class="desc">{(item.description || '').split(/\n\s*\n/, 1)[0]}</p>
              <ul class="tags" aria-label="Tags">
                {(item.tags || []).map((t) => (
                  <li key={t} class="tag">
                    {t}
                  </li>
                ))}
              </ul>
            </div>
            <div class="card-foot">
              <FavoriteButton
                itemId={item.id}
                name={item.name}
                on={!!item.favorite}
                onChange={(on) => setItems((all) => (all || []).map((i) => (i.id === item.id ? { ...i, favorite: on } : i)))}
              />
              <span class="policy">
                {item.requires_approval ? (
                  <>
                    <ShieldCheck size={14} aria-hidden="true" />{' '}
                    {item.approvals_required && item.approvals_required > 1
                      ? `${item.approvals_required} approvals`
                      : 'Approval required'}
                  </>
                ) : (
                  <>
                    <Zap size={14} aria-hidden="true" /> Runs at once
                  </>
                )}
              </span>
              <button type="button" class="primary" onClick={() => props.onRequest(item)} aria-label={`Request ${item.name}`}>
                Request
              </button>
            </div>
          </li>
        ))}
      </ul>
      {items && !items.length && (
        <p class="empty">Nothing in the catalog for you yet: your organization's admins add items.</p>
      )}
      {items && items.length > 0 && !shown.length && (
        <p class="empty">
          Nothing matches.{' '}
          <button
            type="button"
            class="link"
            onClick={() => {
              setQuery('');
              setCategory('');
            }}
          >
            Clear filters
          </button>
        </p>
      )}
    </section>
  );
}
