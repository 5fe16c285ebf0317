// A labelled editor field with its help and the server's error, and the
// aria attributes that tie them to the control.
export function Field(props: {
  id: string;
  label: preact.ComponentChildren;
  error?: string;
  help?: string;
  children: preact.ComponentChildren;
}) {
  return (
    <div class={'field' + (props.error ? ' invalid' : '')}>
      <label for={props.id}>{props.label}</label>
      {props.help && (
        <p class="help" id={`${props.id}-help`}>
          {props.help}
        </p>
      )}
      {props.children}
      {props.error && (
        <p class="field-error" id={`${props.id}-err`} role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

export function described(id: string, error?: string, help?: string) {
  return {
    id,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': [help ? `${id}-help` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined,
  };
}

// A whole number typed as text: the number, or the text itself so that the
// server's dry run names what is wrong with it.
export function wholeOrText(text: string): number {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : (t as unknown as number);
}
