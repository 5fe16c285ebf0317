// Survey helpers: initial values, client-side checks and the answers to send.
// The checks mirror the server's rules (../shared/awx-facts.md "Answer validation"):
// required means present and non-empty, strict integers, inclusive bounds,
// exact choice membership with newline choices not trimmed. The server stays
// the judge: its field errors are shown the same way as these.
import type { Question } from './types';

export const ENCRYPTED = '$encrypted$';

export type FieldValue = string | string[];
export type Values = Record<string, FieldValue>;
export type Answers = Record<string, unknown>;

export function choicesOf(q: Question): string[] {
  const c = q.choices;
  if (Array.isArray(c)) return c.map(String);
  if (typeof c === 'string') return c.split('\n').filter((s) => s !== '');
  return [];
}

function bound(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

export function hasStoredSecret(q: Question): boolean {
  return q.type === 'password' && q.default === ENCRYPTED;
}

export function initialValue(q: Question): FieldValue {
  const d = q.default;
  if (q.type === 'multiselect') {
    if (Array.isArray(d)) return d.map(String);
    if (typeof d === 'string' && d !== '') return d.split('\n').filter((s) => s !== '');
    return [];
  }
  if (q.type === 'password') return ''; // a stored default is never sent to the browser
  if (d === null || d === undefined) return '';
  return String(d);
}

export function initialValues(spec: Question[]): Values {
  const v: Values = {};
  for (const q of spec) v[q.variable] = initialValue(q);
  return v;
}

const INT_RE = /^[-+]?\d+$/;

// The message for one field, or null when the value passes.
export function checkField(q: Question, value: FieldValue): string | null {
  const min = bound(q.min);
  const max = bound(q.max);
  if (q.type === 'multiselect') {
    const list = Array.isArray(value) ? value : [];
    if (q.required && list.length === 0) return 'Choose at least one option.';
    const choices = choicesOf(q);
    const bad = list.filter((x) => !choices.includes(x));
    if (bad.length) return `Not an option: ${bad.join(', ')}.`;
    return null;
  }
  const s = typeof value === 'string' ? value : '';
  if (s === '') {
    if (q.required && !hasStoredSecret(q)) return 'This answer is required.';
    return null;
  }
  switch (q.type) {
    case 'text':
    case 'textarea':
    case 'password': {
      const n = [...s].length;
      if (min !== null && n < min) return `Use at least ${min} characters.`;
      if (max !== null && n > max) return `Use at most ${max} characters.`;
      return null;
    }
    case 'integer': {
      if (!INT_RE.test(s.trim())) return 'Enter a whole number.';
      const n = Number(s);
      if (min !== null && n < min) return `Enter a number of at least ${min}.`;
      if (max !== null && n > max) return `Enter a number of at most ${max}.`;
      return null;
    }
    case 'float': {
      const n = Number(s);
      if (s.trim() === '' || !Number.isFinite(n)) return 'Enter a number.';
      if (min !== null && n < min) return `Enter a number of at least ${min}.`;
      if (max !== null && n > max) return `Enter a number of at most ${max}.`;
      return null;
    }
    case 'multiplechoice':
      return choicesOf(q).includes(s) ? null : 'Choose one of the options.';
    default:
      return null;
  }
}

export function checkAll(spec: Question[], values: Values): Record<string, string> {
  const errs: Record<string, string> = {};
  for (const q of spec) {
    const m = checkField(q, values[q.variable] ?? initialValue(q));
    if (m) errs[q.variable] = m;
  }
  return errs;
}

// What is sent: typed values; an empty optional answer (or a blank password
// with a stored default) is left out, so the server applies the default.
export function toAnswers(spec: Question[], values: Values): Answers {
  const out: Answers = {};
  for (const q of spec) {
    const v = values[q.variable] ?? initialValue(q);
    if (q.type === 'multiselect') {
      out[q.variable] = Array.isArray(v) ? v : [];
      continue;
    }
    const s = typeof v === 'string' ? v : '';
    if (s === '') continue;
    if (q.type === 'integer') out[q.variable] = parseInt(s.trim(), 10);
    else if (q.type === 'float') out[q.variable] = Number(s);
    else out[q.variable] = s;
  }
  return out;
}

// For the confirm step: secrets masked, omitted answers show the default used.
export function display(q: Question, answers: Answers): string {
  if (!(q.variable in answers)) {
    if (hasStoredSecret(q)) return '•••••••• (stored default)';
    if (q.default === undefined || q.default === null || q.default === '') return '—';
    return `${Array.isArray(q.default) ? q.default.join(', ') : String(q.default)} (default)`;
  }
  const v = answers[q.variable];
  if (q.type === 'password') return '••••••••';
  if (Array.isArray(v)) return v.length ? v.join(', ') : '—';
  return String(v);
}
