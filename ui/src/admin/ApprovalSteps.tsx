// The item's serial approval steps (docs/approvals.md): add, remove and
// reorder (buttons, so the keyboard works), each step's approvers (a team
// of the item's organization or its admins), quorum and title. The rules
// (quorum, how many steps, same organization) are the server's: its dry
// run's errors land on the step's fields. Each step may name its own
// notification templates (NotificationPicker; a kind it leaves alone takes
// the item's).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ArrowDown, ArrowUp, Plus, Trash2 } from 'lucide-preact';
import type { ApprovalStep, Named, NotificationChoice } from './adminApi';
import { Field, described, wholeOrText } from './Field';
import { NotificationPicker } from './NotificationPicker';

let nextKey = 1;

// "Title" on screen inside the step's box; "Step 2 title" to a screen reader.
function StepLabel({ n, text }: { n: number; text: string }) {
  return (
    <>
      <span class="sr-only">Step {n} </span>
      {text}
    </>
  );
}

export function ApprovalSteps(props: {
  steps: ApprovalStep[];
  teams: Named[];
  teamName: (id: number) => string;
  notifyKinds: string[];
  notifyTemplates: NotificationChoice[];
  err: (key: string) => string | undefined;
  onChange: (steps: ApprovalStep[]) => void;
}) {
  const { steps, err } = props;
  // Stable keys, so a moved step keeps its inputs (and focus follows it).
  const keyRef = useRef<number[]>([]);
  if (keyRef.current.length !== steps.length) keyRef.current = steps.map((_, i) => keyRef.current[i] ?? nextKey++);
  const keys = keyRef.current;
  const setKeys = (next: number[]) => (keyRef.current = next);
  const [said, setSaid] = useState('');
  const focusNext = useRef<string | null>(null);

  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });

  const change = (i: number, patch: Partial<ApprovalStep>) =>
    props.onChange(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, to: number) => {
    const order = steps.map((_, j) => j);
    order.splice(to, 0, order.splice(i, 1)[0]);
    setKeys(order.map((j) => keys[j]));
    props.onChange(order.map((j) => steps[j]));
    // Focus stays on the moved step: the same button, or the other at an end.
    const edge = to === 0 ? 'down' : to === steps.length - 1 ? 'up' : null;
    const dir = to < i ? 'up' : 'down';
    focusNext.current = `ed-step-${keys[i]}-${edge && edge !== dir ? edge : dir}`;
    setSaid(`Step moved to position ${to + 1} of ${steps.length}.`);
  };
  const remove = (i: number) => {
    setKeys(keys.filter((_, j) => j !== i));
    props.onChange(steps.filter((_, j) => j !== i));
    focusNext.current = steps.length > 1 ? `ed-step-${keys[i === 0 ? 1 : i - 1]}-title` : 'ed-step-add';
    setSaid(`Step ${i + 1} removed.`);
  };
  const add = () => {
    const key = nextKey++;
    setKeys([...keys, key]);
    props.onChange([...steps, { title: '', approver_team: null, quorum: 1, notification_templates: {} }]);
    focusNext.current = `ed-step-${key}-title`;
    setSaid(`Step ${steps.length + 1} added.`);
  };

  return (
    <div class="steps-editor">
      {err('approval_steps') && (
        <p class="field-error" role="alert" id="ed-steps-err">
          {err('approval_steps')}
        </p>
      )}
      <ol class="step-list" aria-describedby={err('approval_steps') ? 'ed-steps-err' : undefined}>
        {steps.map((s, i) => {
          const key = keys[i];
          const id = `ed-step-${key}`;
          const at = (f: string) => err(`approval_steps[${i}].${f}`);
          const whole = err(`approval_steps[${i}]`);
          const known = s.approver_team === null || props.teams.some((t) => t.id === s.approver_team);
          return (
            <li key={key} class="step-row" data-step-row={i}>
              <fieldset class={'step-box' + (whole ? ' invalid' : '')}>
                <legend>Step {i + 1}</legend>
                {whole && (
                  <p class="field-error" role="alert">
                    {whole}
                  </p>
                )}
                <Field id={`${id}-title`} label={<StepLabel n={i + 1} text="Title" />} error={at('title')}>
                  <input
                    {...described(`${id}-title`, at('title'))}
                    type="text"
                    value={s.title}
                    placeholder={`Step ${i + 1}`}
                    onInput={(e) => change(i, { title: (e.currentTarget as HTMLInputElement).value })}
                  />
                </Field>
                <Field id={`${id}-team`} label={<StepLabel n={i + 1} text="Approvers" />} error={at('approver_team')}>
                  <select
                    {...described(`${id}-team`, at('approver_team'))}
                    value={s.approver_team ?? ''}
                    onChange={(e) => {
                      const v = (e.currentTarget as HTMLSelectElement).value;
                      change(i, { approver_team: v ? Number(v) : null });
                    }}
                  >
                    <option value="">The organization's admins</option>
                    {!known && s.approver_team !== null && (
                      <option value={s.approver_team}>{props.teamName(s.approver_team)}</option>
                    )}
                    {props.teams.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.name}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field id={`${id}-quorum`} label={<StepLabel n={i + 1} text="Approvals required" />} error={at('quorum')}>
                  <input
                    {...described(`${id}-quorum`, at('quorum'))}
                    type="text"
                    inputMode="numeric"
                    value={String(s.quorum)}
                    onInput={(e) => change(i, { quorum: wholeOrText((e.currentTarget as HTMLInputElement).value) })}
                  />
                </Field>
                <div class="step-tools">
                  <button
                    type="button"
                    id={`${id}-up`}
                    class="icon-btn"
                    aria-label={`Move step ${i + 1} up`}
                    disabled={i === 0}
                    onClick={() => move(i, i - 1)}
                  >
                    <ArrowUp size={16} aria-hidden="true" />
                  </button>
                  <button
                    type="button"
                    id={`${id}-down`}
                    class="icon-btn"
                    aria-label={`Move step ${i + 1} down`}
                    disabled={i === steps.length - 1}
                    onClick={() => move(i, i + 1)}
                  >
                    <ArrowDown size={16} aria-hidden="true" />
                  </button>
                  <button
                    type="button"
                    class="icon-btn"
                    aria-label={`Remove step ${i + 1}`}
                    disabled={steps.length === 1}
                    onClick={() => remove(i)}
                  >
                    <Trash2 size={16} aria-hidden="true" />
                  </button>
                </div>
                {/* After the tools: the keyboard goes quorum -> move/remove as before. */}
                <NotificationPicker
                  kinds={props.notifyKinds}
                  templates={props.notifyTemplates}
                  value={s.notification_templates ?? {}}
                  err={err}
                  field={`approval_steps[${i}].notification_templates`}
                  idPrefix={`${id}-notify`}
                  defaultLabel="The item's setting"
                  summaryDefault="the item's"
                  srPrefix={`Step ${i + 1} `}
                  onChange={(v) => change(i, { notification_templates: v })}
                />
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button type="button" id="ed-step-add" onClick={add}>
        <Plus size={16} aria-hidden="true" /> Add a step
      </button>
      <p class="sr-only" aria-live="polite">
        {said}
      </p>
    </div>
  );
}
