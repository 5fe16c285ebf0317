// Request again: the server's prefill (service_requests/{id}/request_again/)
// put into the dialog's fields, and its differences shown on their steps.
import type { Question } from './types';
import type { FieldValue, Values } from './survey';
import type { Difference, Prefill } from './types';

function asField(q: Question, v: unknown): FieldValue | undefined {
  if (v === undefined || v === null) return undefined;
  if (q.type === 'password') return undefined; // secrets are typed again
  if (q.type === 'multiselect') return Array.isArray(v) ? v.map(String) : [String(v)];
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

// The step's values: its defaults, overwritten by the prefill's answers.
export function prefilledValues(stepKey: string, spec: Question[], initial: Values, p?: Prefill | null): Values {
  if (!p) return initial;
  const answers =
    stepKey === 'survey' ? p.extra_vars : stepKey.startsWith('node:') ? p.node_survey_data[stepKey.slice(5)] : undefined;
  if (!answers) return initial;
  const out = { ...initial };
  for (const q of spec) {
    const v = asField(q, answers[q.variable]);
    if (v !== undefined) out[q.variable] = v;
  }
  return out;
}

function onStep(d: Difference, stepKey: string): boolean {
  if (stepKey === 'survey') return d.node === null;
  if (stepKey.startsWith('node:')) return d.node === stepKey.slice(5);
  return false;
}

const WORD: Record<Difference['change'], string> = {
  secret: 'enter again',
  removed: 'removed',
  new: 'new',
  changed: 'changed',
};

export function AgainNotes(props: { stepKey: string; prefill: Prefill }) {
  const { prefill } = props;
  if (props.stepKey === 'justification') {
    return (
      <p class="again-note" data-testid="again-source">
        Filled in from request #{prefill.request}, against the form as it is now.
        {prefill.differences.length > 0 && ' Changes are marked on their steps.'}
      </p>
    );
  }
  const diffs = prefill.differences.filter((d) => onStep(d, props.stepKey));
  if (!diffs.length) return null;
  return (
    <div class="again-notes" role="note" aria-label={`Changed since request #${prefill.request}`}>
      <p>Since request #{prefill.request}:</p>
      <ul>
        {diffs.map((d) => (
          <li key={`${d.node}.${d.variable}`} data-variable={d.variable} data-change={d.change}>
            <strong>{d.label}</strong> ({WORD[d.change]}): {d.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
