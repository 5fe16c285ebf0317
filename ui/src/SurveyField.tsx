// One survey question with the control its type and overlay call for: help
// and placeholder text, a date/datetime picker or typed input for a format,
// a searchable picker for choices_from. Options come from the server.
import type { QuestionOverlay, QuestionState } from './formTypes';
import type { Question } from './types';
import { ChoicePicker, FORMAT_HINTS, FormattedInput } from './FormControls';
import { choicesOf, hasStoredSecret, type FieldValue } from './survey';

export function SurveyField(props: {
  q: Question;
  idPrefix: string;
  value: FieldValue;
  error?: string;
  overlay?: QuestionOverlay;
  state?: QuestionState;
  search?: string;
  onSearch?: (text: string) => void;
  onChange: (v: FieldValue) => void;
}) {
  const { q, value, error, state } = props;
  const overlay = props.overlay || {};
  const id = `${props.idPrefix}-${q.variable}`;
  const helpText = [q.question_description, overlay.help].filter(Boolean).join(' ');
  const hint = overlay.format && !overlay.choices_from ? FORMAT_HINTS[overlay.format] : '';
  const descId = helpText || hint ? `${id}-desc` : undefined;
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
  const help = descId && (
    <p class="help" id={descId}>
      {helpText}
      {helpText && hint ? ' ' : ''}
      {hint}
    </p>
  );
  const err = error && (
    <p class="field-error" id={errId} role="alert" data-error-for={q.variable}>
      {error}
    </p>
  );
  const multi = q.type === 'multiselect';

  if (overlay.choices_from) {
    return (
      <div class={'field' + (error ? ' invalid' : '')} data-field={q.variable}>
        <label for={id}>{label}</label>
        {help}
        <ChoicePicker
          id={id}
          attrs={common}
          multiple={multi}
          value={value}
          choices={choicesOf(state)}
          more={!!state?.more}
          search={props.search || ''}
          placeholder={overlay.placeholder}
          onSearch={(t) => props.onSearch?.(t)}
          onChange={props.onChange}
        />
        {err}
      </div>
    );
  }

  if (q.type === 'multiplechoice' || multi) {
    const list = Array.isArray(value) ? value : [];
    return (
      <fieldset class={'field' + (error ? ' invalid' : '')} aria-describedby={describedBy} data-variable={q.variable} data-field={q.variable}>
        <legend>{label}</legend>
        {help}
        <div class="choices">
          {choicesOf(state, q).map((c, i) => (
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
    control = <textarea {...common} rows={4} value={str} placeholder={overlay.placeholder} onInput={onInput} />;
  } else if (q.type === 'password') {
    control = (
      <input
        {...common}
        type="password"
        autocomplete="new-password"
        value={str}
        placeholder={hasStoredSecret(q) ? 'Leave blank to keep the stored value' : overlay.placeholder}
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
        placeholder={overlay.placeholder}
        onInput={onInput}
      />
    );
  } else if (overlay.format) {
    control = (
      <FormattedInput format={overlay.format} attrs={common} value={str} placeholder={overlay.placeholder} onChange={props.onChange} />
    );
  } else {
    control = <input {...common} type="text" value={str} placeholder={overlay.placeholder} onInput={onInput} />;
  }
  return (
    <div class={'field' + (error ? ' invalid' : '')} data-field={q.variable}>
      <label for={id}>{label}</label>
      {help}
      {control}
      {err}
    </div>
  );
}
