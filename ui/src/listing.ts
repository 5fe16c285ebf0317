// Server-side lists (issue 10 item 4): one page at a time with the status
// tab, search and item filter as query parameters; tab counts from
// service_requests/counts/; live updates only for the page's rows that are
// still moving, polled with a growing delay and stopped after a while.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api';
import type { Page, ServiceRequest } from './types';

export const PAGE_SIZE = 25;
// Live updates: 2 s doubling to 10 s while nothing changes; back to 2 s on a
// change; stopped after 10 minutes without one (the page offers a restart).
export const LIVE_FIRST_MS = 2000;
export const LIVE_MAX_MS = 10000;
export const LIVE_GIVE_UP_MS = 10 * 60 * 1000;

export interface Tab {
  key: string;
  label: string;
  statuses?: string[]; // none: every status
  path?: string; // another list endpoint (the approver's "to decide")
}

export const STATUS_TABS: Tab[] = [
  { key: 'all', label: 'All' },
  { key: 'pending', label: 'Pending', statuses: ['pending_approval', 'needs_info'] },
  { key: 'active', label: 'Running', statuses: ['approved', 'running'] },
  { key: 'successful', label: 'Successful', statuses: ['successful'] },
  { key: 'failed', label: 'Failed', statuses: ['failed'] },
  { key: 'rejected', label: 'Rejected', statuses: ['rejected'] },
  { key: 'canceled', label: 'Canceled', statuses: ['canceled'] },
  { key: 'expired', label: 'Expired', statuses: ['expired'] },
];

export interface Filters {
  tab: string;
  search: string;
  item: string; // catalog item id, '' for all
  page: number;
}

export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function tabCount(tab: Tab, counts: Record<string, number> | null): number | null {
  if (!counts) return null;
  if (!tab.statuses) return Object.values(counts).reduce((a, b) => a + b, 0);
  return tab.statuses.reduce((a, s) => a + (counts[s] || 0), 0);
}

// What a live update compares: the state, the last change, the job's status.
function signature(r: ServiceRequest): string {
  const job = (r.summary_fields as { job?: { status?: string } | null } | undefined)?.job;
  return `${r.status}|${r.modified || ''}|${job?.status || ''}`;
}

// Still moving: whatever the server does not call final (its is_final,
// the core's rule); a row without the field is treated as moving.
export function moving(r: ServiceRequest): boolean {
  return r.is_final !== true;
}

interface ListState {
  page: Page<ServiceRequest> | null;
  counts: Record<string, number> | null;
  extraCounts: Record<string, number>; // tabs with a path of their own
  error: string;
  live: 'on' | 'stopped' | 'idle';
  loadedSearch: string; // the search the shown page was read with
}

// base: the list's own parameters (e.g. {mine: 'true'}); tabs: its tabs.
export function useRequestList(base: Record<string, string>, tabs: Tab[], filters: Filters) {
  const [state, setState] = useState<ListState>({
    page: null,
    counts: null,
    extraCounts: {},
    error: '',
    live: 'idle',
    loadedSearch: '',
  });
  const [version, setVersion] = useState(0);
  const baseKey = JSON.stringify(base);
  const tab = tabs.find((t) => t.key === filters.tab) || tabs[0];
  const only = { search: filters.search.trim(), catalog_item: filters.item };
  const common = { ...base, ...only };
  // A tab with an endpoint of its own (the inbox) takes the filters, not the base.
  const paramsOf = (t: Tab) => (t.path ? { order_by: base.order_by, ...only } : common);

  const load = useCallback(async () => {
    const listPath = tab.path || 'service_requests/';
    const pageQ = query({ ...paramsOf(tab), status: tab.statuses?.join(','), page: filters.page, page_size: PAGE_SIZE });
    try {
      const [page, counts, ...extra] = await Promise.all([
        api<Page<ServiceRequest>>(listPath + pageQ),
        api<{ count: number; status: Record<string, number> }>('service_requests/counts/' + query(common)),
        ...tabs
          .filter((t) => t.path)
          .map((t) => api<Page<ServiceRequest>>(t.path + query({ ...paramsOf(t), page_size: 1 }))),
      ]);
      const extraCounts: Record<string, number> = {};
      tabs.filter((t) => t.path).forEach((t, i) => (extraCounts[t.key] = extra[i].count));
      setState((s) => ({ ...s, page, counts: counts.status, extraCounts, error: '', loadedSearch: only.search }));
    } catch (e) {
      setState((s) => ({ ...s, error: (e as Error).message }));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [baseKey, tab.key, filters.search, filters.item, filters.page, version]);

  useEffect(() => {
    load();
  }, [load]);

  // Live updates of the rows still moving on this page.
  const rowsRef = useRef<ServiceRequest[]>([]);
  rowsRef.current = state.page?.results || [];
  const movingIds = rowsRef.current.filter(moving).map((r) => r.id).join(',');
  useEffect(() => {
    if (!movingIds) {
      setState((s) => (s.live === 'idle' ? s : { ...s, live: 'idle' }));
      return;
    }
    let delay = LIVE_FIRST_MS;
    const quietSince = Date.now();
    let timer = 0;
    let stopped = false;
    setState((s) => ({ ...s, live: 'on' }));
    const tick = async () => {
      try {
        const fresh = await api<Page<ServiceRequest>>(
          'service_requests/' + query({ id: movingIds, page_size: PAGE_SIZE }),
        );
        if (stopped) return;
        const byId = new Map(fresh.results.map((r) => [r.id, r]));
        const changed = rowsRef.current.some((r) => {
          const f = byId.get(r.id);
          return f && signature(f) !== signature(r);
        });
        if (changed) {
          // A row moved: the page (and the tab counts) are read again.
          setVersion((v) => v + 1);
          return;
        }
      } catch {
        // a failed poll only waits longer
      }
      if (stopped) return;
      if (Date.now() - quietSince > LIVE_GIVE_UP_MS) {
        setState((s) => ({ ...s, live: 'stopped' }));
        return;
      }
      delay = Math.min(delay * 2, LIVE_MAX_MS);
      timer = window.setTimeout(tick, delay);
    };
    timer = window.setTimeout(tick, delay);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [movingIds, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, tab, reload };
}

// The inbox badge: the server counts exactly up to its cap and says "more" beyond.
export function badgeText(inbox: { count: number; more?: boolean }): string {
  return inbox.more ? `${inbox.count}+` : String(inbox.count);
}
