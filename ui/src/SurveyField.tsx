// One survey question with the control its type calls for.
import type { Question } from './types';
import { choicesOf, hasStoredSecret, type FieldValue } from './survey';

export function SurveyField(props: {
  q: Question;
  idPrefix: string;
  value: FieldValue;
  error?: string;
  onChange: (v: FieldValue) => void;
}) {
  const { q, value, error } = props;
  const id = `${props.idPrefix}-${q.variable}`;
  const descId = q.question_description ? `${id}-desc` : undefined;
  const errId = error ? `${id}-err` : undefined;
  const describedBy = [descId, errId].filter(Boolean).join(' ') || undefined;
  const str = typeof value === 'string' ? value : '';
  const common = {
    id,
    name: q.variable,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': describedBy,
    'aria-required': q.required ? 'true' : undefined,
    'data-variable': q.variable,
  } as const;
  const label = (
    <>
      {q.question_name || q.variable}
      {q.required && (
        <span class="req" aria-hidden="true">
          {' '}*
        </span>
      )}
    </>
  );
  const help = q.question_description && (
    <p class="help" id={descId}>
      {q.question_description}
    </p>
  );
  const err = error && (
    <p class="field-error" id={errId} role="alert">
      {error}
    </p>
  );

  if (q.type === 'multiplechoice' || q.type === 'multiselect') {
    const multi = q.type === 'multiselect';
    const list = Array.isArray(value) ? value : [];
    return (
      <fieldset class={'field' + (error ? ' invalid' : '')} aria-describedby={describedBy} data-variable={q.variable}>
        <legend>{label}</legend>
        {help}
        <div class="choices">
          {choicesOf(q).map((c, i) => (
            <label class="choice" key={c}>
              <input
                type={multi ? 'checkbox' : 'radio'}
                name={id}
                id={`${id}-${i}`}
                value={c}
                checked={multi ? list.includes(c) : str === c}
                aria-invalid={error ? 'true' : undefined}
                onChange={(e) => {
                  const on = (e.currentTarget as HTMLInputElement).checked;
                  if (!multi) props.onChange(c);
                  else props.onChange(on ? [...list, c] : list.filter((x) => x !== c));
                }}
              />
              <span>{c}</span>
            </label>
          ))}
        </div>
        {err}
      </fieldset>
    );
  }

  const onInput = (e: Event) => props.onChange((e.currentTarget as HTMLInputElement).value);
  let control;
  if (q.type === 'textarea') {
    control = <textarea {...common} rows={4} value={str} onInput={onInput} />;
  } else if (q.type === 'password') {
    control = (
      <input
        {...common}
        type="password"
        autocomplete="new-password"
        value={str}
        placeholder={hasStoredSecret(q) ? 'Leave blank to keep the stored value' : ''}
        onInput={onInput}
      />
    );
  } else if (q.type === 'integer' || q.type === 'float') {
    // text + inputmode: a number input hides what was typed when it is not a number
    control = (
      <input
        {...common}
        type="text"
        inputMode={q.type === 'integer' ? 'numeric' : 'decimal'}
        value={str}
        onInput={onInput}
      />
    );
  } else {
    control = <input {...common} type="text" value={str} onInput={onInput} />;
  }
  return (
    <div class={'field' + (error ? ' invalid' : '')}>
      <label for={id}>{label}</label>
      {help}
      {control}
      {err}
    </div>
  );
}
