// A toggle that pins an item to the top of the catalog.
import { useState } from 'preact/hooks';
import { Star } from 'lucide-preact';
import { setFavorite } from './favorites';

export function FavoriteButton(props: { itemId: number; name: string; on: boolean; onChange: (on: boolean) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const toggle = async () => {
    setBusy(true);
    setError('');
    try {
      props.onChange(await setFavorite(props.itemId, !props.on));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        class={'icon-btn favorite' + (props.on ? ' on' : '')}
        aria-pressed={props.on}
        aria-label={`Favourite: ${props.name}`}
        title={props.on ? 'Unpin from the top of the catalog' : 'Pin to the top of the catalog'}
        disabled={busy}
        onClick={toggle}
        data-testid="favorite"
      >
        <Star size={18} aria-hidden="true" fill={props.on ? 'currentColor' : 'none'} />
      </button>
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
