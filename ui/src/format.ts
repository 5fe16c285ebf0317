// Small display helpers shared by the lists.
import type { RequestEvent, ServiceRequest } from './types';

export function itemName(r: ServiceRequest): string {
  const sf = r.summary_fields as { catalog_item?: { name?: string } } | undefined;
  if (typeof r.catalog_item_name === 'string') return r.catalog_item_name;
  if (r.catalog_item && typeof r.catalog_item === 'object') return r.catalog_item.name;
  if (sf?.catalog_item?.name) return sf.catalog_item.name;
  return `Item #${r.catalog_item}`;
}

export function requesterName(r: ServiceRequest): string {
  const sf = r.summary_fields as { requested_by?: { username?: string } } | undefined;
  if (typeof r.requested_by_username === 'string') return r.requested_by_username;
  if (r.requested_by && typeof r.requested_by === 'object') return r.requested_by.username;
  if (sf?.requested_by?.username) return sf.requested_by.username;
  return `user #${r.requested_by ?? '?'}`;
}

export function requesterId(r: ServiceRequest): number | undefined {
  if (r.requested_by && typeof r.requested_by === 'object') return r.requested_by.id;
  return typeof r.requested_by === 'number' ? r.requested_by : undefined;
}

export function jobId(r: ServiceRequest): number | null {
  const j = r.job;
  if (j && typeof j === 'object') return j.id;
  return typeof j === 'number' ? j : null;
}

export function when(iso?: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function statusLabel(s: string): string {
  return s.replace(/_/g, ' ');
}

export function actorName(e: RequestEvent): string {
  const a = e.actor ?? e.user ?? e.actor_username;
  if (a && typeof a === 'object') return (a as { username: string }).username;
  if (typeof e.actor_username === 'string') return e.actor_username;
  return a === null || a === undefined ? 'system' : String(a);
}

export function eventText(e: RequestEvent): string {
  const from = e.from_state ?? e.from_status;
  const to = e.to_state ?? e.to_status;
  const move = from && to && from !== to ? `${statusLabel(String(from))} → ${statusLabel(String(to))}` : to ? statusLabel(String(to)) : '';
  return [e.event ? String(e.event).replace(/_/g, ' ') : '', move].filter(Boolean).join(': ');
}

interface Summary {
  job?: { id: number; status: string } | null;
  approvals?: { user: { username: string } | null; comment: string }[];
  catalog_item?: { id?: number | null; approvals_required?: number; requires_approval?: boolean };
}

export function summary(r: ServiceRequest): Summary {
  return (r.summary_fields as Summary | undefined) || {};
}

// "1 of 2 approvals" while a multi-approver request waits.
export function approvalProgress(r: ServiceRequest): string {
  const s = summary(r);
  const needed = s.catalog_item?.approvals_required ?? 1;
  const got = s.approvals?.length ?? 0;
  return needed > 1 || got > 0 ? `${got} of ${needed} approvals` : '';
}
