// The one way to ask for "request again" (issue 10 item 5), shared by the
// item page and the request lists: the shell (App) listens and opens the
// request dialog for the request's item with againOf = the request's id;
// the dialog's prefill from that request is the request-again feature's.
import type { ServiceRequest } from './types';

export const REQUEST_AGAIN_EVENT = 'fc:request-again';

export interface RequestAgainDetail {
  requestId: number;
  itemId: number;
}

export function itemIdOf(r: ServiceRequest): number | null {
  if (typeof r.catalog_item === 'number') return r.catalog_item;
  if (r.catalog_item && typeof r.catalog_item === 'object') return r.catalog_item.id;
  return null;
}

export function requestAgain(r: ServiceRequest): void {
  const itemId = itemIdOf(r);
  if (itemId === null) return; // the item was deleted: nothing to request
  const detail: RequestAgainDetail = { requestId: r.id, itemId };
  window.dispatchEvent(new CustomEvent(REQUEST_AGAIN_EVENT, { detail }));
}
