// Which of the organization's notification templates (configured in the
// controller) hear about each moment of a request (docs/notifications.md):
// per kind the organization's default, none, or the templates picked. The
// kinds and the templates are the server's lists; its errors
// ("notification_templates.approved[0]") land on their kind. A step's picker
// (ApprovalSteps) is the same with its own field path, its default the item's.
import { useState } from 'preact/hooks';
import type { NotificationChoice, NotificationTemplates } from './adminApi';

const label = (kind: string) => kind.charAt(0).toUpperCase() + kind.slice(1).replace(/_/g, ' ');

export function NotificationPicker(props: {
  kinds: string[];
  templates: NotificationChoice[];
  value: NotificationTemplates;
  err: (key: string) => string | undefined;
  onChange: (value: NotificationTemplates) => void;
  // A step's: "approval_steps[1].notification_templates", ids of its own.
  field?: string;
  idPrefix?: string;
  defaultLabel?: string;
  summaryDefault?: string;
  // "Step 2 " before each kind's label, for a screen reader only.
  srPrefix?: string;
}) {
  const { value } = props;
  const field = props.field ?? 'notification_templates';
  const idPrefix = props.idPrefix ?? 'ed-notify';
  // "These templates" with none ticked yet reads as "none" to the server.
  const [picking, setPicking] = useState<Set<string>>(new Set());
  const modeOf = (kind: string) =>
    !(kind in value) ? 'default' : value[kind].length || picking.has(kind) ? 'pick' : 'none';
  const setMode = (kind: string, mode: string) => {
    const next = { ...value };
    if (mode === 'default') delete next[kind];
    else if (mode === 'none' || !(kind in next)) next[kind] = [];
    setPicking((p) => {
      const copy = new Set(p);
      if (mode === 'pick') copy.add(kind);
      else copy.delete(kind);
      return copy;
    });
    props.onChange(next);
  };
  const toggle = (kind: string, id: number, on: boolean) => {
    const ids = (value[kind] || []).filter((x) => x !== id);
    props.onChange({ ...value, [kind]: on ? [...ids, id] : ids });
  };
  return (
    <details class="field notify-editor" open={Object.keys(value).length > 0 || undefined}>
      <summary>
        Notifications{' '}
        <span class="muted">
          ({Object.keys(value).length
            ? `${Object.keys(value).length} set here`
            : (props.summaryDefault ?? "the organization's defaults")})
        </span>
      </summary>
      {props.err(field) && (
        <p class="field-error" role="alert">
          {props.err(field)}
        </p>
      )}
      {!props.templates.length && (
        <p class="help">This organization has no notification templates in the controller yet.</p>
      )}
      {props.kinds.map((kind) => {
        const id = `${idPrefix}-${kind}`;
        const error = props.err(`${field}.${kind}`);
        const mode = modeOf(kind);
        return (
          <div key={kind} class={'notify-kind' + (error ? ' invalid' : '')} data-kind={kind}>
            <label for={id}>
              {props.srPrefix && <span class="sr-only">{props.srPrefix}</span>}
              {label(kind)}
            </label>
            <select
              id={id}
              value={mode}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={error ? `${id}-err` : undefined}
              onChange={(e) => setMode(kind, (e.currentTarget as HTMLSelectElement).value)}
            >
              <option value="default">{props.defaultLabel ?? 'Organization default'}</option>
              <option value="none">None</option>
              <option value="pick">These templates…</option>
            </select>
            {mode === 'pick' && (
              <div role="group" aria-label={`${label(kind)}: templates`} class="notify-choices">
                {props.templates.map((t) => (
                  <label key={t.id} class="choice">
                    <input
                      type="checkbox"
                      checked={(value[kind] || []).includes(t.id)}
                      onChange={(e) => toggle(kind, t.id, (e.currentTarget as HTMLInputElement).checked)}
                    />
                    <span>
                      {t.name} <span class="muted">({t.notification_type})</span>
                    </span>
                  </label>
                ))}
              </div>
            )}
            {error && (
              <p class="field-error" id={`${id}-err`} role="alert">
                {error}
              </p>
            )}
          </div>
        );
      })}
    </details>
  );
}
