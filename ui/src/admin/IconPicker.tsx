// A searchable lucide icon picker: type to filter the icon names (the full
// set is the lazily loaded chunk Icon.tsx uses), pick one from the grid.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ItemIcon } from '../Icon';

const SHOWN = 48;

function kebab(pascal: string): string {
  return pascal
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Za-z])([0-9])/g, '$1-$2')
    .toLowerCase();
}

let names: string[] | null = null;
async function iconNames(): Promise<string[]> {
  if (names) return names;
  const all = (await import('lucide-all-icons')) as unknown as Record<string, unknown>;
  names = Array.from(new Set(Object.keys(all).filter((k) => /^[A-Z]/.test(k) && !k.endsWith('Icon')).map(kebab))).sort();
  return names;
}

export function IconPicker(props: { id: string; value: string; error?: string; onChange: (v: string) => void }) {
  const [all, setAll] = useState<string[]>(names || []);
  const [query, setQuery] = useState('');
  useEffect(() => {
    iconNames().then(setAll, () => undefined);
  }, []);
  const shown = useMemo(() => {
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return all.filter((n) => words.every((w) => n.includes(w))).slice(0, SHOWN);
  }, [all, query]);
  const errId = props.error ? `${props.id}-err` : undefined;
  return (
    <fieldset class={'field icon-picker' + (props.error ? ' invalid' : '')} aria-describedby={errId}>
      <legend>Icon</legend>
      <div class="icon-current">
        <ItemIcon name={props.value} size={24} />
        <span data-testid="icon-value">{props.value || 'none (the default icon)'}</span>
      </div>
      <label for={props.id} class="sr-only">
        Search icons
      </label>
      <input
        id={props.id}
        type="search"
        placeholder="Search icons, e.g. server"
        value={query}
        aria-invalid={props.error ? 'true' : undefined}
        onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
      />
      <div class="icon-grid" role="listbox" aria-label="Icons">
        {shown.map((n) => (
          <button
            type="button"
            key={n}
            role="option"
            aria-selected={n === props.value}
            class={n === props.value ? 'selected' : ''}
            title={n}
            aria-label={n}
            onClick={() => props.onChange(n)}
          >
            <ItemIcon name={n} size={20} />
          </button>
        ))}
      </div>
      {props.error && (
        <p class="field-error" id={errId} role="alert">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}
