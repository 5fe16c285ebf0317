// The template picker: search the organization's job and workflow templates
// as you type (the server searches: service_catalog_items/templates/).
import { useEffect, useRef, useState } from 'preact/hooks';
import { templates, type TemplateChoice } from './adminApi';

const DEBOUNCE_MS = 250;

export function TemplatePicker(props: {
  id: string;
  organization: number | null;
  current: { id: number; type: string; name: string } | null;
  error?: string;
  onPick: (t: TemplateChoice) => void;
}) {
  const [query, setQuery] = useState('');
  const [rows, setRows] = useState<TemplateChoice[]>([]);
  const [count, setCount] = useState(0);
  const [failure, setFailure] = useState('');
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (props.organization === null) return;
    window.clearTimeout(timer.current);
    const org = props.organization;
    timer.current = window.setTimeout(() => {
      templates(org, query)
        .then((r) => {
          setRows(r.results);
          setCount(r.count);
          setFailure('');
        })
        .catch((e: Error) => setFailure(e.message));
    }, DEBOUNCE_MS);
    return () => window.clearTimeout(timer.current);
  }, [props.organization, query]);

  const errId = props.error ? `${props.id}-err` : undefined;
  const listId = `${props.id}-list`;
  return (
    <div class={'field' + (props.error ? ' invalid' : '')}>
      <label for={props.id}>
        Template<span class="req" aria-hidden="true"> *</span>
      </label>
      <p class="help" id={`${props.id}-help`}>
        Chosen: <strong data-testid="template-value">{props.current ? props.current.name : 'none'}</strong>
        {props.current && (props.current.type === 'workflow_job_template' ? ' (workflow)' : ' (job template)')}
      </p>
      <input
        id={props.id}
        type="search"
        placeholder="Search the organization's templates"
        value={query}
        aria-describedby={[`${props.id}-help`, errId].filter(Boolean).join(' ')}
        aria-invalid={props.error ? 'true' : undefined}
        aria-controls={listId}
        disabled={props.organization === null}
        onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
      />
      <ul class="picker-list" id={listId} aria-label="Templates found">
        {rows.map((t) => {
          const chosen = props.current?.id === t.id && props.current?.type === t.type;
          return (
            <li key={`${t.type}:${t.id}`}>
              <button type="button" aria-pressed={chosen} class={chosen ? 'selected' : ''} onClick={() => props.onPick(t)}>
                <span>{t.name}</span>
                <span class="muted">
                  {t.type === 'workflow_job_template' ? 'workflow' : 'job template'}
                  {t.survey_enabled ? ', survey' : ''}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <p class="muted" aria-live="polite">
        {props.organization === null
          ? 'Pick the organization first.'
          : count > rows.length
            ? `${rows.length} of ${count} shown: type to narrow.`
            : `${count} found.`}
      </p>
      {failure && (
        <p class="field-error" role="alert">
          {failure}
        </p>
      )}
      {props.error && (
        <p class="field-error" id={errId} role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}
