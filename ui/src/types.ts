// Shapes of the forge-catalog API (/api/v2/), as the portal reads them.
import type { DryRun, FormOverlay } from './formTypes';

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface CatalogItem {
  id: number;
  name: string;
  description: string;
  icon: string;
  category: string;
  tags: string[];
  requires_approval: boolean;
  approvals_required?: number;
  enabled: boolean;
  is_workflow?: boolean;
  organization?: number;
  // What of the template's survey can never work ({path: "spec[3].default", code, message}).
  survey_problems?: { path: string; code: string; message: string }[];
  contact?: string;
  justification_required?: boolean;
  favorite?: boolean;
  job_template?: number | null;
  workflow_job_template?: number | null;
  approver_team?: number | null;
  // The effective serial policy (docs/approvals.md): the shorthand reads as one step.
  approval_steps?: {
    title: string;
    approver_team: number | null;
    approver_team_name?: string;
    quorum: number;
    notification_templates?: Record<string, number[]>; // the step's own, docs/notifications.md
  }[];
  expire_after?: number | null;
  expiry_outcome?: string;
  remind_every?: number | null;
  auto_approve_allowed?: boolean;
  notification_templates?: Record<string, number[]>;
  problems?: { code: string; message: string }[];
  summary_fields?: {
    organization?: { id: number; name: string } | null;
    job_template?: { id: number; name: string } | null;
    workflow_job_template?: { id: number; name: string } | null;
    approver_team?: { id: number; name: string } | null;
  };
}

export type QuestionType =
  | 'text'
  | 'textarea'
  | 'password'
  | 'integer'
  | 'float'
  | 'multiplechoice'
  | 'multiselect';

export interface Question {
  type: QuestionType;
  question_name: string;
  question_description?: string;
  variable: string;
  required?: boolean;
  default?: unknown;
  min?: number | string | null;
  max?: number | string | null;
  choices?: string | string[];
}

export interface SurveySpec {
  name?: string;
  description?: string;
  spec: Question[];
}

export interface NodeSurvey {
  node_id: number;
  identifier: string;
  name?: string;
  survey_spec: SurveySpec | null;
}

export interface LaunchData {
  catalog_item: CatalogItem;
  // The request form's overlay on the template's survey, and per workflow node.
  form_overlay?: FormOverlay;
  node_form_overlays?: Record<string, FormOverlay>;
  // The dry-run's states for no answers yet (defaults, what shows, first choices).
  form_state?: Pick<DryRun, 'extra_vars' | 'node_survey_data'>;
  is_workflow: boolean;
  survey_enabled: boolean;
  survey_spec: SurveySpec | null;
  ask_variables_on_launch: boolean;
  node_surveys: NodeSurvey[];
}

// One answer of a request as shown to people (serializers.AnswerSerializer).
export interface Answer {
  node: string | null;
  variable: string;
  label: string;
  value: unknown;
  secret: boolean;
}

// GET service_requests/{id}/request_again/ (forge_catalog/request_again.py).
export interface Difference {
  node: string | null;
  variable: string;
  label: string;
  change: 'secret' | 'removed' | 'new' | 'changed';
  message: string;
}

export interface Prefill {
  request: number;
  catalog_item: number;
  justification: string;
  extra_vars: Record<string, unknown>;
  free_form_extra_vars: Record<string, unknown>;
  node_survey_data: Record<string, Record<string, unknown>>;
  differences: Difference[];
}

export interface ServiceRequest {
  id: number;
  catalog_item: number | { id: number; name: string };
  status: string;
  justification: string;
  extra_vars?: Record<string, unknown>;
  node_survey_data?: Record<string, Record<string, unknown>>;
  answers?: Answer[];
  job?: number | { id: number } | null;
  failure_reason?: string;
  reason?: string;
  requested_by?: number | { id: number; username: string };
  created: string;
  modified?: string;
  approval_expiry?: ApprovalExpiry | null;
  approval_plan?: PlanStep[];
  current_step?: number | null;
  thread?: ThreadEntry[];
  // What the caller may do now: the server's decisions, never recomputed here.
  can_approve?: boolean;
  can_reject?: boolean;
  can_cancel?: boolean;
  can_request_info?: boolean;
  can_answer?: boolean;
  is_final?: boolean; // the request can no longer change (the core's final states)
  [key: string]: unknown;
}

// approval_expiry: the waiting step's clock (forge_catalog/expiry.py).
export interface ApprovalExpiry {
  expires_at: string | null;
  expired: boolean;
  outcome: 'reject' | 'escalate' | 'approve';
  escalated: boolean;
  next_reminder_at: string | null;
}

// approval_plan and thread (docs/approvals.md "Visible progress").
export interface PlanVote {
  user?: { id: number; username: string } | null;
  created?: string;
  comment?: string;
  withdrawn_at?: string | null;
}

export interface PlanStep {
  position: number;
  title?: string;
  approver_team?: number | null;
  approver_team_name?: string;
  quorum: number;
  state: string;
  entered_at?: string | null;
  decided_at?: string | null;
  expires_at?: string | null;
  escalated?: boolean;
  votes?: PlanVote[];
}

export interface ThreadEntry {
  kind: string;
  author?: string | null;
  created?: string;
  step?: number | null;
  text: string;
}

export interface RequestEvent {
  id?: number;
  event?: string;
  from_state?: string;
  to_state?: string;
  actor?: string | number | { username: string } | null;
  comment?: string;
  reason?: string;
  created?: string;
  [key: string]: unknown;
}

export interface PortalConfig {
  apiRoot: string;
  logoutUrl: string;
  portalRoot?: string;
  user: { id: number; username: string; is_superuser: boolean };
}

// GET service_requests/{id}/output/ (forge_catalog/api/output.py).
export interface OutputJob {
  id: number;
  name: string;
  status: string;
  node: string | null;
  finished: boolean;
  controller_url: string | null;
}

export interface OutputEvent {
  counter: number;
  event: string;
  failed: boolean;
  task: string;
  stdout: string;
  start_line: number;
  end_line: number;
}

export interface JobOutputPage {
  jobs: OutputJob[];
  job: number | null;
  events: OutputEvent[];
  next: number | null;
  complete: boolean;
}

// GET service_requests/inbox/: the badge (count exact up to the server's cap, more beyond).
export interface InboxBadge {
  count: number;
  more: boolean;
  can_approve: boolean;
}
