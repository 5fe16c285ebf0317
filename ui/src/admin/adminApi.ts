// The catalog editor's server calls (forge_catalog/api/catalog_admin.py).
import { api } from '../api';
import type { CatalogItem, LaunchData } from '../types';
import type { FieldError } from '../errors';

export interface Named {
  id: number;
  name: string;
}
export interface TemplateChoice extends Named {
  type: 'job_template' | 'workflow_job_template';
  description: string;
  survey_enabled: boolean;
}
export interface Choices<T> {
  count: number;
  results: T[];
}
export interface ApprovalStep {
  title: string;
  approver_team: number | null; // null: the organization's admins
  approver_team_name?: string;
  quorum: number;
  // The step's own {kind: [template id]}; a kind not named takes the item's.
  notification_templates?: NotificationTemplates;
}
export interface ExpiryPolicy {
  expire_after: number;
  outcome: string;
  remind_every: number;
}
export interface NotificationChoice extends Named {
  notification_type: string;
}
// {kind: [notification template id, ...]}; a kind left out takes the organization's default.
export type NotificationTemplates = Record<string, number[]>;

export interface DryRun {
  valid: boolean;
  errors: FieldError[];
  problems: { code: string; message: string }[];
  survey_problems: { path: string; code: string; message: string }[];
  launch_data: LaunchData | null;
  approval_steps: ApprovalStep[];
  // The organization's default (what unset expiry fields take) and the outcomes the core accepts.
  expiry: { organization_default: ExpiryPolicy; outcomes: string[] };
}

// What the editor sends: the item's writable fields.
export interface ItemDraft {
  organization: number | null;
  name: string;
  description: string;
  icon: string;
  category: string;
  tags: string[];
  job_template: number | null;
  workflow_job_template: number | null;
  requires_approval: boolean;
  approval_steps: ApprovalStep[];
  expire_after: number | null; // seconds; null: the organization's default
  expiry_outcome: string; // '': the organization's default
  remind_every: number | null;
  auto_approve_allowed: boolean;
  notification_templates: NotificationTemplates;
  enabled: boolean;
  contact: string;
  justification_required: boolean;
}

export function draftOf(item: CatalogItem | null, organization: number | null): ItemDraft {
  return {
    organization: item?.organization ?? organization,
    name: item?.name ?? '',
    description: item?.description ?? '',
    icon: item?.icon ?? '',
    category: item?.category ?? '',
    tags: item?.tags ?? [],
    job_template: item?.job_template ?? null,
    workflow_job_template: item?.workflow_job_template ?? null,
    requires_approval: item?.requires_approval ?? false,
    // The item's effective policy (the one-step shorthand reads as one step).
    approval_steps: item?.approval_steps?.length
      ? item.approval_steps.map((s) => ({
          title: s.title,
          approver_team: s.approver_team,
          quorum: s.quorum,
          notification_templates: s.notification_templates ?? {},
        }))
      : [{ title: '', approver_team: null, quorum: 1, notification_templates: {} }],
    expire_after: item?.expire_after ?? null,
    expiry_outcome: item?.expiry_outcome ?? '',
    remind_every: item?.remind_every ?? null,
    auto_approve_allowed: item?.auto_approve_allowed ?? false,
    notification_templates: item?.notification_templates ?? {},
    enabled: item?.enabled ?? true,
    contact: item?.contact ?? '',
    justification_required: item?.justification_required ?? false,
  };
}

const q = (params: Record<string, string | number>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

export const managedOrganizations = () => api<Choices<Named>>('service_catalog_items/organizations/');
export const templates = (organization: number, search: string) =>
  api<Choices<TemplateChoice>>(`service_catalog_items/templates/?${q({ organization, search, page_size: 20 })}`);
export const teams = (organization: number, search = '') =>
  api<Choices<Named>>(`service_catalog_items/teams/?${q({ organization, search, page_size: 100 })}`);
export const notificationTemplates = (organization: number) =>
  api<Choices<NotificationChoice> & { kinds: string[] }>(
    `service_catalog_items/notification_templates/?${q({ organization, page_size: 100 })}`,
  );
export const categories = () => api<Choices<{ name: string; count: number }>>('service_catalog_items/categories/');

export function dryRun(id: number | null, body: Partial<ItemDraft>): Promise<DryRun> {
  const path = id === null ? 'service_catalog_items/validate/' : `service_catalog_items/${id}/validate/`;
  return api<DryRun>(path, { method: 'POST', body });
}

export function saveItem(id: number | null, body: Partial<ItemDraft>): Promise<CatalogItem> {
  return id === null
    ? api<CatalogItem>('service_catalog_items/', { method: 'POST', body })
    : api<CatalogItem>(`service_catalog_items/${id}/`, { method: 'PATCH', body });
}

// The item field a server path is about ("approval_steps[1].quorum" -> "approval_steps").
export const fieldOf = (path: string) => (path || '_').split(/[.[]/, 1)[0] || '_';

// Server paths -> the editor's fields: "tags[2]" and "name" by field; a
// step's ("approval_steps[1].approver_team") and a notification kind's, the
// item's or a step's ("notification_templates.approved[0]" ->
// "notification_templates.approved") to their own control.
export function byField(errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const field = fieldOf(e.path);
    const own = /^(approval_steps\[\d+\]\.)?notification_templates\.\w+|^approval_steps\[\d+\](\.\w+)?/.exec(e.path || '');
    const key = field === 'non_field_errors' ? '_' : own ? own[0] : field;
    out[key] = out[key] ? `${out[key]} ${e.message}` : e.message;
  }
  return out;
}
