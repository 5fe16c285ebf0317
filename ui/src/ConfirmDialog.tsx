// An in-app confirmation (never the browser's confirm()): a labelled modal
// whose safe choice has the focus; the action's error stays in the dialog.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Modal } from './Modal';

export function ConfirmDialog(props: {
  title: string;
  children?: ComponentChildren;
  confirm: string; // the action's button text
  back?: string;
  danger?: boolean;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const go = async () => {
    setBusy(true);
    setError('');
    try {
      await props.onConfirm();
      props.onClose();
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <Modal labelledBy="confirm-title" onClose={props.onClose}>
      <header class="modal-head">
        <h2 id="confirm-title">{props.title}</h2>
      </header>
      <div class="modal-body">
        {props.children}
        {error && (
          <p class="error-box" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="button" autofocus onClick={props.onClose} disabled={busy}>
            {props.back || 'Back'}
          </button>
          <button type="button" class={props.danger ? 'danger' : 'primary'} onClick={go} disabled={busy}>
            {props.confirm}
          </button>
        </div>
      </div>
    </Modal>
  );
}
