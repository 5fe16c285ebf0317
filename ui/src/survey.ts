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

// A choice list may hold strings and numbers (sent back as they are); a
// newline string splits like Python's str.splitlines() and drops lines that
// str.strip() empties (Unicode whitespace), trimming nothing: AWX's rule, and
// the core's (tests/fixtures/README.md "Choices").
type Choice = string | number;
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;
const BLANK = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

function lines(text: string): string[] {
  return text.split(LINE_BREAK).filter((s) => !BLANK.test(s));
}

function rawChoices(q: Question): Choice[] {
  const c = q.choices as unknown;
  if (Array.isArray(c)) return c.filter((x): x is Choice => typeof x === 'string' || typeof x === 'number');
  if (typeof c === 'string') return lines(c);
  return [];
}

export function choicesOf(q: Question): string[] {
  return rawChoices(q).map(String);
}

function choiceValue(q: Question, label: string): Choice {
  const found = rawChoices(q).find((c) => String(c) === label);
  return found === undefined ? label : found;
}

function bound(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function hasDefault(q: Question): boolean {
  const d = q.default;
  return d !== undefined && d !== null && d !== '' && !(Array.isArray(d) && d.length === 0);
}

export function hasStoredSecret(q: Question): boolean {
  return q.type === 'password' && q.default === ENCRYPTED;
}

export function initialValue(q: Question): FieldValue {
  const d = q.default;
  if (q.type === 'multiselect') {
    if (Array.isArray(d)) return d.map(String);
    if (typeof d === 'string' && d !== '') return lines(d);
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

// The server's survey problems ({path: "spec[3].default", code}, the item's
// survey_problems): a question whose default is one has no usable default.
export type Problem = { path: string; code?: string };

function badDefaults(problems: Problem[]): Set<number> {
  const out = new Set<number>();
  for (const p of problems) {
    const m = /^spec\[(\d+)\]\.default$/.exec(p.path);
    if (m) out.add(Number(m[1]));
  }
  return out;
}

// The message for one field, or null when the value passes. defaultIsBad:
// the server listed this question's default as a survey problem.
export function checkField(q: Question, value: FieldValue, defaultIsBad = false): string | null {
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
  let s = typeof value === 'string' ? value : '';
  if (q.type === 'password' && s.startsWith(ENCRYPTED)) {
    if (s !== ENCRYPTED) return 'This value is reserved.';
    s = ''; // exactly "$encrypted$" means "keep the stored value"
  }
  if (s === '') {
    // An empty field is left out, and the server then applies the default,
    // unless that default is not a valid answer (it says so at this field).
    if (defaultIsBad) return "Enter an answer: the survey's default for this question is not valid.";
    if (q.required && !hasDefault(q)) return 'This answer is required.';
    return null;
  }
  switch (q.type) {
    case 'text':
    case 'textarea':
    case 'password': {
      // The server refuses NUL (PostgreSQL cannot store it); say so here first.
      if (s.includes('\u0000')) return 'Remove the NUL character: it cannot be stored.';
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

export function checkAll(spec: Question[], values: Values, problems: Problem[] = []): Record<string, string> {
  const errs: Record<string, string> = {};
  const bad = badDefaults(problems);
  for (const [i, q] of spec.entries()) {
    const m = checkField(q, values[q.variable] ?? initialValue(q), bad.has(i));
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
      out[q.variable] = (Array.isArray(v) ? v : []).map((x) => choiceValue(q, x));
      continue;
    }
    const s = typeof v === 'string' ? v : '';
    if (s === '') continue;
    if (q.type === 'integer') out[q.variable] = parseInt(s.trim(), 10);
    else if (q.type === 'float') out[q.variable] = Number(s);
    else if (q.type === 'multiplechoice') out[q.variable] = choiceValue(q, s);
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

// The form values that would send these answers, or null when no person could
// produce them with this form (a wrong JSON kind, an option that is not there).
// An absent answer is an empty field. Used by the tests against the core's cases.
export function valuesFromAnswers(spec: Question[], answers: Answers): Values | null {
  const values: Values = {};
  for (const q of spec) {
    const has = Object.prototype.hasOwnProperty.call(answers, q.variable);
    const a = answers[q.variable];
    if (q.type === 'multiselect') {
      if (!has) return null; // the form always sends the list
      if (!Array.isArray(a)) return null;
      const labels = a.map((x) => (typeof x === 'string' || typeof x === 'number' ? String(x) : null));
      const choices = choicesOf(q);
      if (labels.some((x) => x === null || !choices.includes(x))) return null;
      if (new Set(labels).size !== labels.length) return null; // a checkbox is on or off
      values[q.variable] = labels as string[];
    } else if (!has) {
      values[q.variable] = '';
    } else if (q.type === 'integer') {
      if (typeof a !== 'number' || !Number.isSafeInteger(a)) return null;
      values[q.variable] = String(a);
    } else if (q.type === 'float') {
      if (typeof a !== 'number' || !Number.isFinite(a)) return null;
      values[q.variable] = String(a);
    } else if (q.type === 'multiplechoice') {
      if (typeof a !== 'string' && typeof a !== 'number') return null;
      if (!choicesOf(q).includes(String(a))) return null;
      values[q.variable] = String(a);
    } else {
      if (typeof a !== 'string' || a === '') return null; // an empty field sends nothing
      values[q.variable] = a;
    }
  }
  return values;
}
