// The item's expiry policy and reminders (docs/approvals.md "Expiry and
// reminders"). Empty fields take the organization's default, which the
// server's dry run names (shown as the placeholder); the outcomes offered
// are the ones the server accepts for the draft (approve only where the
// item permits it).
import { useState } from 'preact/hooks';
import type { ExpiryPolicy } from './adminApi';
import { Field, described, wholeOrText } from './Field';

const UNITS: [string, number][] = [
  ['minutes', 60],
  ['hours', 3600],
  ['days', 86400],
];

const OUTCOME_LABELS: Record<string, string> = {
  reject: 'Reject: the request ends expired',
  escalate: "Escalate to the organization's admins",
  approve: 'Approve the step',
};

export function duration(seconds: number): string {
  if (!seconds) return 'never';
  for (const [name, size] of [...UNITS].reverse()) {
    if (seconds % size === 0) return `${seconds / size} ${seconds === size ? name.slice(0, -1) : name}`;
  }
  return `${seconds} seconds`;
}

function unitOf(seconds: number | null): number {
  if (!seconds) return 3600;
  return [...UNITS].reverse().find(([, size]) => seconds % size === 0)?.[1] ?? 60;
}

function Duration(props: {
  id: string;
  label: string;
  help: string;
  value: number | null;
  fallback?: number;
  error?: string;
  onChange: (seconds: number | null) => void;
}) {
  const [unit, setUnit] = useState(() => unitOf(props.value));
  const shown = props.value === null ? '' : typeof props.value === 'number' ? String(props.value / unit) : String(props.value);
  const emit = (text: string, size: number) => {
    if (!text.trim()) return props.onChange(null);
    const n = wholeOrText(text);
    props.onChange(typeof n === 'number' ? n * size : n);
  };
  return (
    <Field id={props.id} label={props.label} help={props.help} error={props.error}>
      <div class="duration">
        <input
          {...described(props.id, props.error, 'help')}
          type="text"
          inputMode="numeric"
          value={shown}
          placeholder={props.fallback === undefined ? '' : `Default: ${duration(props.fallback)}`}
          onInput={(e) => emit((e.currentTarget as HTMLInputElement).value, unit)}
        />
        <select
          aria-label={`${props.label}: unit`}
          value={unit}
          onChange={(e) => {
            const size = Number((e.currentTarget as HTMLSelectElement).value);
            setUnit(size);
            if (typeof props.value === 'number') props.onChange((props.value / unit) * size);
          }}
        >
          {UNITS.map(([name, size]) => (
            <option key={size} value={size}>
              {name}
            </option>
          ))}
        </select>
      </div>
    </Field>
  );
}

export function ExpiryFields(props: {
  expireAfter: number | null;
  outcome: string;
  remindEvery: number | null;
  autoApprove: boolean;
  orgDefault?: ExpiryPolicy;
  outcomes?: string[];
  err: (key: string) => string | undefined;
  set: (key: 'expire_after' | 'expiry_outcome' | 'remind_every' | 'auto_approve_allowed', v: unknown) => void;
}) {
  const d = props.orgDefault;
  const offered = [...(props.outcomes || [])];
  if (props.outcome && !offered.includes(props.outcome)) offered.push(props.outcome); // the server says why not
  return (
    <fieldset class="field expiry-editor">
      <legend>Expiry and reminders</legend>
      <Duration
        id="ed-expire-after"
        label="A waiting step expires after"
        help="Empty: the organization's default. 0: never."
        value={props.expireAfter}
        fallback={d?.expire_after}
        error={props.err('expire_after')}
        onChange={(v) => props.set('expire_after', v)}
      />
      <Field id="ed-outcome" label="When a step expires" error={props.err('expiry_outcome')}>
        <select
          {...described('ed-outcome', props.err('expiry_outcome'))}
          value={props.outcome}
          onChange={(e) => props.set('expiry_outcome', (e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">Organization default{d ? ` (${d.outcome})` : ''}</option>
          {offered.map((o) => (
            <option key={o} value={o}>
              {OUTCOME_LABELS[o] || o}
            </option>
          ))}
        </select>
      </Field>
      <label class="choice">
        <input
          type="checkbox"
          checked={props.autoApprove}
          onChange={(e) => props.set('auto_approve_allowed', (e.currentTarget as HTMLInputElement).checked)}
        />
        <span>Allow a step to be approved when it expires</span>
      </label>
      <Duration
        id="ed-remind-every"
        label="Remind the approvers every"
        help="Empty: the organization's default. 0: no reminders."
        value={props.remindEvery}
        fallback={d?.remind_every}
        error={props.err('remind_every')}
        onChange={(v) => props.set('remind_every', v)}
      />
    </fieldset>
  );
}
