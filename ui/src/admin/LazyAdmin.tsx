// The catalog admin screens as a lazy chunk: only admins ever load them.
import { useEffect, useState } from 'preact/hooks';
import type { Named } from './adminApi';

type Screens = typeof import('./AdminItems');
let loaded: Screens | null = null;

export function LazyAdmin(props: { rest: string[]; organizations: Named[] }) {
  const [mod, setMod] = useState<Screens | null>(loaded);
  const [error, setError] = useState('');
  useEffect(() => {
    if (mod) return;
    import('./AdminItems').then(
      (m) => {
        loaded = m;
        setMod(m);
      },
      () => setError('The catalog admin screens could not be loaded. Reload the page to try again.'),
    );
  }, []);
  if (error) {
    return (
      <p class="error-box" role="alert">
        {error}
      </p>
    );
  }
  if (!mod) return <p aria-live="polite">Loading…</p>;
  return <mod.AdminItems rest={props.rest} organizations={props.organizations} />;
}
