// Catalog admin (org admins and superusers): the items of the organizations
// one administers, with enable/disable and delete (an in-app confirmation;
// the server refuses with 409 while requests are open), and the editor at
// #/admin/new and #/admin/items/<id>.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { Pencil, Plus } from 'lucide-preact';
import { api, listAll } from '../api';
import { ItemIcon } from '../Icon';
import { Modal } from '../Modal';
import { linkClick, navigate, viewUrl } from '../route';
import type { CatalogItem } from '../types';
import type { Named } from './adminApi';
import { ItemEditor } from './ItemEditor';

function templateName(item: CatalogItem): string {
  const sf = item.summary_fields;
  return sf?.job_template?.name || sf?.workflow_job_template?.name || '—';
}

function ConfirmDelete(props: { item: CatalogItem; onDone: (message: string) => void; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const remove = async () => {
    setBusy(true);
    try {
      await api(`service_catalog_items/${props.item.id}/`, { method: 'DELETE' });
      props.onDone(`Deleted “${props.item.name}”.`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return (
    <Modal labelledBy="delete-title" onClose={props.onClose} className="confirm-dialog">
      <header class="modal-head">
        <h2 id="delete-title">Delete “{props.item.name}”?</h2>
      </header>
      <div class="modal-body">
        <p>Its past requests stay, with the item's name. Disabling it instead keeps it for later.</p>
        {error && (
          <p class="error-box" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="button" onClick={props.onClose}>
            Keep it
          </button>
          <button type="button" class="danger" onClick={remove} disabled={busy}>
            Delete
          </button>
        </div>
      </div>
    </Modal>
  );
}

function ItemList(props: { organizations: Named[] }) {
  const [items, setItems] = useState<CatalogItem[] | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [deleting, setDeleting] = useState<CatalogItem | null>(null);
  const orgIds = props.organizations.map((o) => o.id);

  const load = useCallback(() => {
    listAll<CatalogItem>('service_catalog_items/?order_by=name')
      .then((all) => setItems(all.filter((i) => i.organization !== undefined && orgIds.includes(i.organization))))
      .catch((e: Error) => setError(e.message));
  }, [orgIds.join(',')]);
  useEffect(load, [load]);

  const toggle = async (item: CatalogItem) => {
    try {
      await api(`service_catalog_items/${item.id}/`, { method: 'PATCH', body: { enabled: !item.enabled } });
      setNotice(`${item.enabled ? 'Disabled' : 'Enabled'} “${item.name}”.`);
    } catch (e) {
      setNotice(`“${item.name}”: ${(e as Error).message}`);
    }
    load();
  };

  return (
    <section aria-labelledby="admin-title">
      <div class="toolbar">
        <h1 id="admin-title">Catalog admin</h1>
        <a class="button primary" href={viewUrl('admin/new')} onClick={linkClick(viewUrl('admin/new'))}>
          <Plus size={16} aria-hidden="true" /> New item
        </a>
      </div>
      <p class="sr-only" aria-live="polite">
        {notice}
      </p>
      {notice && <p class="notice">{notice}</p>}
      {error && (
        <p class="error-box" role="alert">
          {error}
        </p>
      )}
      {!items && !error && <p>Loading…</p>}
      {items && !items.length && <p class="empty">No items yet in the organizations you administer.</p>}
      <ul class="rows admin-rows">
        {(items || []).map((item) => (
          <li key={item.id} class="row" data-admin-item={item.name}>
            <div class="row-head">
              <ItemIcon name={item.icon} size={20} />
              <span class="row-title">{item.name}</span>
              <span class={'status ' + (item.enabled ? 'status-successful' : 'status-canceled')}>
                {item.enabled ? 'enabled' : 'disabled'}
              </span>
              <span class="muted">
                {item.category || 'no category'} · {templateName(item)}
                {props.organizations.length > 1 && ` · ${item.summary_fields?.organization?.name || ''}`}
              </span>
              {(item.problems?.length || 0) + (item.survey_problems?.length || 0) > 0 && (
                <span class="status status-failed" data-testid="has-problems">
                  {(item.problems?.length || 0) + (item.survey_problems?.length || 0)} problem(s)
                </span>
              )}
            </div>
            <div class="actions">
              <a
                class="button"
                href={viewUrl(`admin/items/${item.id}`)}
                onClick={linkClick(viewUrl(`admin/items/${item.id}`))}
                aria-label={`Edit ${item.name}`}
              >
                <Pencil size={14} aria-hidden="true" /> Edit
              </a>
              <button type="button" onClick={() => toggle(item)} aria-label={`${item.enabled ? 'Disable' : 'Enable'} ${item.name}`}>
                {item.enabled ? 'Disable' : 'Enable'}
              </button>
              <button type="button" class="danger" onClick={() => setDeleting(item)} aria-label={`Delete ${item.name}`}>
                Delete
              </button>
            </div>
          </li>
        ))}
      </ul>
      {deleting && (
        <ConfirmDelete
          item={deleting}
          onClose={() => setDeleting(null)}
          onDone={(message) => {
            setDeleting(null);
            setNotice(message);
            load();
          }}
        />
      )}
    </section>
  );
}

function EditExisting(props: { id: number; organizations: Named[] }) {
  const [item, setItem] = useState<CatalogItem | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api<CatalogItem>(`service_catalog_items/${props.id}/`).then(setItem, (e: Error) => setError(e.message));
  }, [props.id]);
  if (error) {
    return (
      <p class="error-box" role="alert">
        {error}
      </p>
    );
  }
  if (!item) return <p>Loading…</p>;
  return <ItemEditor key={item.id} item={item} organizations={props.organizations} onSaved={setItem} />;
}

export function AdminItems(props: { rest: string[]; organizations: Named[] }) {
  const [first, second] = props.rest;
  if (first === 'new') {
    return (
      <ItemEditor
        item={null}
        organizations={props.organizations}
        onSaved={(saved) => navigate(viewUrl(`admin/items/${saved.id}`))}
      />
    );
  }
  if (first === 'items' && /^\d+$/.test(second || '')) {
    return <EditExisting id={Number(second)} organizations={props.organizations} />;
  }
  return <ItemList organizations={props.organizations} />;
}
