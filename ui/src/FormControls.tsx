// Controls for the form overlay: inputs for a text question's format (date and
// datetime pickers, typed keyboards), and a searchable picker for choices the
// server computes (choices_from). They render; the server checks.
import { useState } from 'preact/hooks';
import type { Format } from './formTypes';

// What each format expects, in words, shown under the field.
export const FORMAT_HINTS: Record<Format, string> = {
  date: 'A date.',
  datetime: 'A date and time (your time zone).',
  email: 'An e-mail address, e.g. dana@example.com.',
  hostname: 'A host name, e.g. web03.example.com.',
  ipv4: 'An IPv4 address, e.g. 192.0.2.10.',
  ipv6: 'An IPv6 address, e.g. 2001:db8::10.',
  cidr: 'A network in CIDR notation, e.g. 10.0.0.0/24.',
  url: 'A URL, e.g. https://example.com/path.',
};

const pad = (n: number) => String(n).padStart(2, '0');

// <input type="datetime-local"> speaks "2026-12-03T10:00" in local time; the
// answer carries the offset, "2026-12-03T10:00:00+01:00" (RFC 3339).
export function localToRfc3339(local: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return local;
  const d = new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0));
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] || '00'}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export function rfc3339ToLocal(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})/.exec(value);
  if (!m) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return m[1];
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

type InputAttrs = Record<string, unknown>;

export function FormattedInput(props: {
  format: Format;
  attrs: InputAttrs;
  value: string;
  placeholder?: string;
  onChange: (v: string) => void;
}) {
  const { format, attrs, value } = props;
  const onInput = (e: Event) => props.onChange((e.currentTarget as HTMLInputElement).value);
  if (format === 'date') {
    return <input {...attrs} type="date" value={value} onInput={onInput} onChange={onInput} />;
  }
  if (format === 'datetime') {
    return (
      <input
        {...attrs}
        type="datetime-local"
        value={rfc3339ToLocal(value)}
        onChange={(e) => props.onChange(localToRfc3339((e.currentTarget as HTMLInputElement).value))}
        onInput={(e) => props.onChange(localToRfc3339((e.currentTarget as HTMLInputElement).value))}
      />
    );
  }
  const kind: Record<string, InputAttrs> = {
    email: { type: 'email', inputMode: 'email', autocomplete: 'email' },
    url: { type: 'url', inputMode: 'url' },
    ipv4: { type: 'text', inputMode: 'decimal' },
  };
  return (
    <input
      {...attrs}
      type="text"
      spellcheck={false}
      autocapitalize="off"
      autocomplete="off"
      {...(kind[format] || {})}
      placeholder={props.placeholder}
      value={value}
      onInput={onInput}
    />
  );
}

// A searchable picker over the server's choices (choices_from): the person
// types to search, the server answers the first matches, one is picked (or
// several for a multiselect). A listbox the keyboard drives (arrows, Enter).
export function ChoicePicker(props: {
  id: string;
  attrs: InputAttrs;
  multiple: boolean;
  value: string | string[];
  choices: string[];
  more: boolean;
  search: string;
  placeholder?: string;
  onSearch: (text: string) => void;
  onChange: (v: string | string[]) => void;
}) {
  const { id, multiple, choices } = props;
  const picked = multiple ? (Array.isArray(props.value) ? props.value : []) : [];
  const single = typeof props.value === 'string' ? props.value : '';
  const [active, setActive] = useState(-1);
  const listId = `${id}-options`;
  const choose = (c: string) => {
    if (multiple) props.onChange(picked.includes(c) ? picked.filter((x) => x !== c) : [...picked, c]);
    else props.onChange(c);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive(Math.min(active + 1, choices.length - 1));
    else if (e.key === 'ArrowUp') setActive(Math.max(active - 1, 0));
    else if (e.key === 'Enter' && active >= 0 && choices[active] !== undefined) choose(choices[active]);
    else return;
    e.preventDefault();
  };
  return (
    <div class="picker">
      {(multiple ? picked.length > 0 : single !== '') && (
        <ul class="picked" aria-label="Selected">
          {(multiple ? picked : [single]).map((c) => (
            <li key={c}>
              <span data-picked={c}>{c}</span>
              <button
                type="button"
                class="icon-btn"
                aria-label={`Remove ${c}`}
                onClick={() => props.onChange(multiple ? picked.filter((x) => x !== c) : '')}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        {...props.attrs}
        id={id}
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        autocomplete="off"
        placeholder={props.placeholder || 'Type to search'}
        value={props.search}
        onInput={(e) => {
          setActive(-1);
          props.onSearch((e.currentTarget as HTMLInputElement).value);
        }}
        onKeyDown={onKey}
      />
      <ul class="options" role="listbox" id={listId} aria-multiselectable={multiple ? 'true' : undefined}>
        {choices.map((c, i) => {
          const on = multiple ? picked.includes(c) : single === c;
          return (
            <li
              key={c}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={on ? 'true' : 'false'}
              class={(on ? 'on' : '') + (i === active ? ' active' : '')}
              data-choice={c}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(c)}
            >
              {c}
            </li>
          );
        })}
        {choices.length === 0 && <li class="muted" role="presentation">No matches.</li>}
      </ul>
      {props.more && <p class="muted">More match: type to narrow the list.</p>}
    </div>
  );
}
