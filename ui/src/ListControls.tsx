// The controls of a request list: status tabs with counts, search, item
// filter, "clear filters", and the pager. The server does the filtering.
import { useEffect, useState } from 'preact/hooks';
import { ChevronLeft, ChevronRight, Search } from 'lucide-preact';
import { listAll } from './api';
import { PAGE_SIZE, tabCount, type Filters, type Tab } from './listing';
import type { CatalogItem } from './types';

let itemsOnce: Promise<CatalogItem[]> | null = null;
function catalogItems(): Promise<CatalogItem[]> {
  itemsOnce = itemsOnce || listAll<CatalogItem>('service_catalog_items/?order_by=name');
  itemsOnce.catch(() => (itemsOnce = null));
  return itemsOnce;
}

export function hasFilters(f: Filters): boolean {
  return !!(f.search.trim() || f.item);
}

export function ListControls(props: {
  id: string; // prefix of the controls' ids
  label: string; // what the list is, for the tab list's name
  tabs: Tab[];
  counts: Record<string, number> | null;
  extraCounts: Record<string, number>;
  filters: Filters;
  onChange: (f: Filters) => void;
}) {
  const { filters: f, onChange } = props;
  const [items, setItems] = useState<CatalogItem[]>([]);
  const [text, setText] = useState(f.search);
  useEffect(() => {
    catalogItems().then(setItems, () => undefined);
  }, []);
  useEffect(() => setText(f.search), [f.search]);
  // Search as you type, once typing pauses.
  useEffect(() => {
    if (text === f.search) return;
    const t = window.setTimeout(() => onChange({ ...f, search: text, page: 1 }), 300);
    return () => window.clearTimeout(t);
  }, [text]);

  const onTabKey = (e: KeyboardEvent, i: number) => {
    const n = props.tabs.length;
    const to = e.key === 'ArrowRight' ? (i + 1) % n : e.key === 'ArrowLeft' ? (i - 1 + n) % n : -1;
    if (to < 0) return;
    e.preventDefault();
    onChange({ ...f, tab: props.tabs[to].key, page: 1 });
    window.setTimeout(() => document.getElementById(`${props.id}-tab-${props.tabs[to].key}`)?.focus(), 0);
  };

  return (
    <div class="list-controls">
      <div class="filters" role="search" aria-label={`Filter ${props.label}`}>
        <label class="search">
          <Search size={16} aria-hidden="true" />
          <span class="sr-only">Search {props.label}</span>
          <input
            type="search"
            id={`${props.id}-search`}
            placeholder="Search item, reason, #id"
            value={text}
            onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') onChange({ ...f, search: text, page: 1 });
            }}
          />
        </label>
        <label class="item-filter">
          <span class="sr-only">Catalog item</span>
          <select
            id={`${props.id}-item`}
            value={f.item}
            onChange={(e) => onChange({ ...f, item: (e.currentTarget as HTMLSelectElement).value, page: 1 })}
          >
            <option value="">All items</option>
            {items.map((i) => (
              <option key={i.id} value={String(i.id)}>
                {i.name}
              </option>
            ))}
          </select>
        </label>
        {hasFilters(f) && (
          <button type="button" onClick={() => onChange({ ...f, search: '', item: '', page: 1 })}>
            Clear filters
          </button>
        )}
      </div>
      <div class="status-tabs" role="tablist" aria-label={`${props.label} by status`}>
        {props.tabs.map((t, i) => {
          const n = t.path ? props.extraCounts[t.key] ?? null : tabCount(t, props.counts);
          const selected = t.key === f.tab;
          return (
            <button
              key={t.key}
              type="button"
              role="tab"
              id={`${props.id}-tab-${t.key}`}
              data-tab={t.key}
              aria-selected={selected ? 'true' : 'false'}
              aria-controls={`${props.id}-panel`}
              tabIndex={selected ? 0 : -1}
              onClick={() => onChange({ ...f, tab: t.key, page: 1 })}
              onKeyDown={(e) => onTabKey(e, i)}
            >
              {t.label}
              <span class="tab-count" data-count={n ?? ''}>
                {n === null ? '' : n}
              </span>
            </button>
          );
        })}
      </div>
    </div>
  );
}

export function Pager(props: { id: string; count: number; filters: Filters; onChange: (f: Filters) => void }) {
  const pages = Math.max(1, Math.ceil(props.count / PAGE_SIZE));
  const page = Math.min(props.filters.page, pages);
  if (pages <= 1) return null;
  const go = (p: number) => {
    props.onChange({ ...props.filters, page: p });
    document.getElementById(`${props.id}-panel`)?.focus();
  };
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={page <= 1} onClick={() => go(page - 1)}>
        <ChevronLeft size={16} aria-hidden="true" /> Previous
      </button>
      <span class="page-of" aria-live="polite" data-testid={`${props.id}-page`}>
        Page {page} of {pages}
      </span>
      <button type="button" disabled={page >= pages} onClick={() => go(page + 1)}>
        Next <ChevronRight size={16} aria-hidden="true" />
      </button>
    </nav>
  );
}
