// Whether a list is following its moving rows, and a way to resume once the
// page stopped (after a long quiet spell).
export function LiveNote(props: { live: 'on' | 'stopped' | 'idle'; onResume: () => void }) {
  if (props.live !== 'stopped') return null;
  return (
    <p class="live-note" data-live="stopped">
      Live updates paused.{' '}
      <button type="button" class="link" onClick={props.onResume}>
        Refresh now
      </button>
    </p>
  );
}
