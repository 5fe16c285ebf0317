// The portal's own addresses: views are hash routes under the portal root;
// a request has a real path, <root>requests/<id>/, which the server serves as
// the portal too, so a notification's link opens it, also on reload.
import type { PortalConfig } from './types';

export function portalRoot(config: PortalConfig): string {
  const root = config.portalRoot || '/portal/';
  return root.endsWith('/') ? root : root + '/';
}

export function requestHref(config: PortalConfig, id: number): string {
  return `${portalRoot(config)}requests/${id}/`;
}

export function pageFromPath(config: PortalConfig, path = window.location.pathname): number | null {
  const root = portalRoot(config);
  if (!path.startsWith(root)) return null;
  const m = /^requests\/(\d+)\/?$/.exec(path.slice(root.length));
  return m ? Number(m[1]) : null;
}
