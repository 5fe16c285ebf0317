// The free-form extra variables of a template that asks for variables on
// launch (YAML or JSON, as the controller takes them).
export function ExtraVarsField(props: {
  id: string;
  value: string;
  error?: string;
  onChange: (text: string) => void;
}) {
  const { id, error } = props;
  const helpId = `${id}-help`;
  const errId = `${id}-err`;
  return (
    <div class={'field' + (error ? ' invalid' : '')} data-variable="@extra_vars">
      <label for={id}>Extra variables</label>
      <p class="help" id={helpId}>
        YAML or JSON, e.g. <code>region: eu-west</code>. Added to the job's variables; answer the questions above in
        their own fields.
      </p>
      <textarea
        id={id}
        name="extra_vars"
        class="code"
        rows={5}
        spellcheck={false}
        value={props.value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={helpId + (error ? ` ${errId}` : '')}
        onInput={(e) => props.onChange((e.currentTarget as HTMLTextAreaElement).value)}
      />
      {error && (
        <p class="field-error" id={errId} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
