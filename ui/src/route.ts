// The portal's own addresses: views are hash routes under the portal root;
// a request (<root>requests/<id>/) and an item (<root>items/<id>/) have real
// paths, which the server serves as the portal too, so links to them open
// them, also on reload.
import type { PortalConfig } from './types';

let root = '/portal/';
export function setPortalRoot(r: string): void {
  root = r.endsWith('/') ? r : r + '/';
}

export function portalRoot(config: PortalConfig): string {
  const r = config.portalRoot || '/portal/';
  return r.endsWith('/') ? r : r + '/';
}

export function requestHref(config: PortalConfig, id: number): string {
  return `${portalRoot(config)}requests/${id}/`;
}

export function pageFromPath(config: PortalConfig, path = window.location.pathname): number | null {
  const r = portalRoot(config);
  if (!path.startsWith(r)) return null;
  const m = /^requests\/(\d+)\/?$/.exec(path.slice(r.length));
  return m ? Number(m[1]) : null;
}

// -- item pages and hash views (the catalog, the lists, catalog admin) --------

export type Route = { kind: 'item'; id: number } | { kind: 'view'; view: string; rest: string[] };

export function currentRoute(): Route {
  const path = window.location.pathname;
  if (path.startsWith(root)) {
    const m = path.slice(root.length).match(/^items\/(\d+)\/?$/);
    if (m) return { kind: 'item', id: Number(m[1]) };
  }
  const parts = window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  return { kind: 'view', view: parts[0] || 'catalog', rest: parts.slice(1) };
}

export function itemUrl(id: number): string {
  return `${root}items/${id}/`;
}

export function viewUrl(view: string): string {
  return `${root}#/${view}`;
}

// Moves without a reload; listeners of 'fc:route' re-read the address.
export function navigate(url: string): void {
  window.history.pushState(null, '', url);
  window.dispatchEvent(new Event('fc:route'));
}

export function onRouteChange(fn: () => void): () => void {
  const events = ['fc:route', 'popstate', 'hashchange'];
  events.forEach((e) => window.addEventListener(e, fn));
  return () => events.forEach((e) => window.removeEventListener(e, fn));
}

// A link that navigates in place (plain clicks only; others open as usual).
export function linkClick(url: string) {
  return (e: MouseEvent) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(url);
  };
}
