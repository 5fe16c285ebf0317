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
export interface DryRun {
  valid: boolean;
  errors: FieldError[];
  problems: { code: string; message: string }[];
  survey_problems: { path: string; code: string; message: string }[];
  launch_data: LaunchData | null;
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
  approver_team: number | null;
  approvals_required: number;
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
    approver_team: item?.approver_team ?? null,
    approvals_required: item?.approvals_required ?? 1,
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

// Server paths ("tags[2]", "name") -> the editor's fields.
export function byField(errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const field = (e.path || '_').split(/[.[]/, 1)[0] || '_';
    const key = field === 'non_field_errors' ? '_' : field;
    out[key] = out[key] ? `${out[key]} ${e.message}` : e.message;
  }
  return out;
}
