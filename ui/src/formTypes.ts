// The request form's overlay (launch_data.form_overlay, docs/forms.md) and the
// dry-run answer (POST service_catalog_items/{id}/validate/). The portal renders
// what these say; which questions show and what is wrong is the server's call.
import type { FieldError } from './errors';

export type Format = 'date' | 'datetime' | 'email' | 'hostname' | 'ipv4' | 'ipv6' | 'cidr' | 'url';

export interface ChoicesFrom {
  inventory: string;
  kind?: 'hosts' | 'groups';
  group?: string;
  enabled?: boolean;
}

export interface QuestionOverlay {
  visible_if?: string;
  pattern?: string;
  pattern_message?: string;
  format?: Format;
  choices_from?: ChoicesFrom;
  help?: string;
  placeholder?: string;
  section?: string;
  order?: number;
  [key: string]: unknown;
}

export type FormOverlay = Record<string, QuestionOverlay>;

// One survey's state as the server decided it for the answers sent.
export interface QuestionState {
  visible: boolean;
  // The options to offer: the survey's own choices, or those computed for
  // choices_from (first `limit` matching the search; `more` when cut).
  choices?: (string | number)[];
  more?: boolean;
  default?: unknown;
}

export interface FormState {
  questions: Record<string, QuestionState>;
}

export interface DryRun {
  valid: boolean;
  errors: FieldError[];
  extra_vars: FormState;
  node_survey_data: Record<string, FormState>;
}
