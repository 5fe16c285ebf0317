// Survey rendering helpers: a field's value from the server's state, the
// answers to send, the confirm step's text. No rule lives here: which
// questions show, their options and defaults (the multiselect default split
// included), and every error come from the server's dry-run (dryRun.ts), the
// same decision as submit.
import type { QuestionState } from './formTypes';
import type { Question } from './types';

export const ENCRYPTED = '$encrypted$';

export type FieldValue = string | string[];
export type Values = Record<string, FieldValue>;
export type Answers = Record<string, unknown>;
export type States = Record<string, QuestionState>;

type Choice = string | number;

// The options a survey question lists, for display: a list as it is, a
// newline string split into its non-blank lines (as the spec is written;
// whether an answer is one of them is the server's call).
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;
const BLANK = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

function specChoices(q: Question | undefined): Choice[] {
  const c = q?.choices as unknown;
  if (Array.isArray(c)) return c.filter((x): x is Choice => typeof x === 'string' || typeof x === 'number');
  if (typeof c === 'string') return c.split(LINE_BREAK).filter((s) => !BLANK.test(s));
  return [];
}

// The options to offer: those the server computed (choices_from), else the survey's.
function options(state: QuestionState | undefined, q?: Question): Choice[] {
  return state?.choices ?? specChoices(q);
}

export function choicesOf(state: QuestionState | undefined, q?: Question): string[] {
  return options(state, q).map(String);
}

function choiceValue(state: QuestionState | undefined, q: Question, label: string): Choice {
  const found = options(state, q).find((c) => String(c) === label);
  return found === undefined ? label : found;
}

export function hasStoredSecret(q: Question): boolean {
  return q.type === 'password' && q.default === ENCRYPTED;
}

// The value a field starts with: the default the server reports for it.
export function initialValue(q: Question, state: QuestionState | undefined): FieldValue {
  const d = state?.default;
  if (q.type === 'multiselect') return Array.isArray(d) ? d.map(String) : [];
  if (q.type === 'password') return ''; // a stored default is never sent to the browser
  if (d === null || d === undefined) return '';
  return String(d);
}

export function initialValues(spec: Question[], states: States): Values {
  const v: Values = {};
  for (const q of spec) v[q.variable] = initialValue(q, states[q.variable]);
  return v;
}

const INT_RE = /^[-+]?\d+$/;

// What is sent: typed values for the questions shown (a hidden question's
// answer is refused by the server); an empty answer is left out, so the
// server applies the default. Text that is not a number is sent as typed,
// for the server to judge.
export function toAnswers(spec: Question[], values: Values, states: States = {}, hidden = new Set<string>()): Answers {
  const out: Answers = {};
  for (const q of spec) {
    if (hidden.has(q.variable) || !(q.variable in values)) continue;
    const v = values[q.variable];
    const state = states[q.variable];
    if (q.type === 'multiselect') {
      out[q.variable] = (Array.isArray(v) ? v : []).map((x) => choiceValue(state, q, x));
      continue;
    }
    const s = typeof v === 'string' ? v : '';
    if (s === '') continue;
    if (q.type === 'integer') out[q.variable] = INT_RE.test(s.trim()) ? parseInt(s.trim(), 10) : s;
    else if (q.type === 'float') out[q.variable] = s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s;
    else if (q.type === 'multiplechoice') out[q.variable] = choiceValue(state, q, s);
    else out[q.variable] = s;
  }
  return out;
}

// For the confirm step: secrets masked, omitted answers show the default used.
export function display(q: Question, answers: Answers, state?: QuestionState): string {
  if (!(q.variable in answers)) {
    if (hasStoredSecret(q)) return '•••••••• (stored default)';
    const d = state?.default ?? q.default;
    if (d === undefined || d === null || d === '' || (Array.isArray(d) && !d.length)) return '—';
    return `${Array.isArray(d) ? d.join(', ') : String(d)} (default)`;
  }
  const v = answers[q.variable];
  if (q.type === 'password') return '••••••••';
  if (Array.isArray(v)) return v.length ? v.join(', ') : '—';
  return String(v);
}
