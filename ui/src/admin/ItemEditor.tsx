// Create or edit a catalog item, with a live preview of the request dialog.
// Every change is sent to the server's dry run (service_catalog_items/
// validate/): its field errors land on their fields and its problems (the
// survey's, a deleted template, a team of another organization) show before
// saving; the preview is the real RequestDialog fed the dry run's launch data,
// beside the approval plan the dry run answers for the draft.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ArrowLeft } from 'lucide-preact';
import { ApiError } from '../api';
import { fieldErrors } from '../errors';
import { RequestDialog } from '../RequestDialog';
import { linkClick, viewUrl } from '../route';
import type { CatalogItem } from '../types';
import { ItemPlan } from '../ItemPlan';
import {
  byField,
  categories,
  draftOf,
  dryRun,
  fieldOf,
  notificationTemplates,
  saveItem,
  teams,
  type DryRun,
  type ItemDraft,
  type Named,
  type NotificationChoice,
} from './adminApi';
import { ApprovalSteps } from './ApprovalSteps';
import { ExpiryFields } from './ExpiryFields';
import { Field, described } from './Field';
import { IconPicker } from './IconPicker';
import { NotificationPicker } from './NotificationPicker';
import { TemplatePicker } from './TemplatePicker';

const DRY_RUN_MS = 300;

export function ItemEditor(props: {
  item: CatalogItem | null; // null: a new item
  organizations: Named[];
  onSaved: (item: CatalogItem) => void;
}) {
  const { item } = props;
  const id = item ? item.id : null;
  const [draft, setDraft] = useState<ItemDraft>(draftOf(item, props.organizations[0]?.id ?? null));
  const [touched, setTouched] = useState<Set<keyof ItemDraft>>(new Set());
  const [tagsText, setTagsText] = useState((item?.tags || []).join(', '));
  const [template, setTemplate] = useState<{ id: number; type: string; name: string } | null>(() => {
    const sf = item?.summary_fields;
    if (sf?.job_template) return { ...sf.job_template, type: 'job_template' };
    if (sf?.workflow_job_template) return { ...sf.workflow_job_template, type: 'workflow_job_template' };
    return null;
  });
  const [teamRows, setTeamRows] = useState<Named[]>([]);
  const [categoryRows, setCategoryRows] = useState<string[]>([]);
  const [notifyRows, setNotifyRows] = useState<NotificationChoice[]>([]);
  const [notifyKinds, setNotifyKinds] = useState<string[]>([]);
  // Team names seen (the item's, any organization's picker, the dry run's):
  // a step keeps its team's name after the organization changes.
  const [teamNames, setTeamNames] = useState<Record<number, string>>(() =>
    Object.fromEntries((item?.approval_steps || []).map((s) => [s.approver_team ?? 0, s.approver_team_name || ''])),
  );
  const [check, setCheck] = useState<DryRun | null>(null);
  const [checkError, setCheckError] = useState('');
  const [saveErrors, setSaveErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState('');
  const timer = useRef<number | undefined>(undefined);
  const seq = useRef(0);

  useEffect(() => {
    categories().then((r) => setCategoryRows(r.results.map((c) => c.name)), () => undefined);
  }, []);
  useEffect(() => {
    if (draft.organization === null) return;
    teams(draft.organization).then(
      (r) => {
        setTeamRows(r.results);
        setTeamNames((n) => ({ ...n, ...Object.fromEntries(r.results.map((t) => [t.id, t.name])) }));
      },
      () => setTeamRows([]),
    );
    notificationTemplates(draft.organization).then(
      (r) => {
        setNotifyRows(r.results);
        setNotifyKinds(r.kinds);
      },
      () => setNotifyRows([]),
    );
  }, [draft.organization]);

  // The body: a new item sends everything; a change only what was touched.
  // Steps only while approval is needed (no approval, no policy to save).
  const body = (): Partial<ItemDraft> => {
    const out: Partial<ItemDraft> = id === null ? { ...draft } : {};
    if (id !== null) touched.forEach((k) => ((out as Record<string, unknown>)[k] = draft[k]));
    if (!draft.requires_approval) delete out.approval_steps;
    return out;
  };

  useEffect(() => {
    window.clearTimeout(timer.current);
    const n = ++seq.current;
    timer.current = window.setTimeout(() => {
      dryRun(id, body())
        .then((r) => {
          if (n !== seq.current) return; // an older answer
          setCheck(r);
          const named = r.approval_steps.filter((st) => st.approver_team !== null);
          if (named.length)
            setTeamNames((t) => ({ ...t, ...Object.fromEntries(named.map((st) => [st.approver_team, st.approver_team_name])) }));
          setCheckError('');
        })
        .catch((e: Error) => n === seq.current && setCheckError(e.message));
    }, DRY_RUN_MS);
    return () => window.clearTimeout(timer.current);
  }, [draft]);

  const set = <K extends keyof ItemDraft>(key: K, value: ItemDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    // Turning approval on saves the steps shown with it.
    setTouched((t) => (key === 'requires_approval' ? new Set(t).add(key).add('approval_steps') : new Set(t).add(key)));
    setSaveErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => fieldOf(k) !== key)));
    setNotice('');
  };

  // A new item's fields show the dry run's verdict once touched (the
  // Problems panel lists everything at once); an existing item's always.
  const checked = check ? byField(check.errors) : {};
  const shown = Object.fromEntries(
    Object.entries(checked).filter(([k]) => id !== null || touched.has(fieldOf(k) as keyof ItemDraft)),
  );
  const errors = { ...shown, ...saveErrors };
  const err = (k: string) => errors[k];

  const save = async (e: Event) => {
    e.preventDefault();
    setSaving(true);
    setNotice('');
    try {
      const saved = await saveItem(id, body());
      setSaveErrors({});
      setTouched(new Set());
      setNotice(id === null ? `Created “${saved.name}”.` : `Saved “${saved.name}”.`);
      props.onSaved(saved);
    } catch (ex) {
      if (ex instanceof ApiError && ex.status === 400) {
        setSaveErrors(byField(fieldErrors(ex.body)));
        window.setTimeout(() => document.querySelector<HTMLElement>('.item-editor [aria-invalid="true"]')?.focus(), 0);
      } else {
        setSaveErrors({ _: (ex as Error).message });
      }
    } finally {
      setSaving(false);
    }
  };

  const ld = check?.launch_data || null;
  const previewItem = ld ? ({ ...ld.catalog_item, id: id ?? 0 } as CatalogItem) : null;
  const back = (
    <a href={viewUrl('admin')} class="back" onClick={linkClick(viewUrl('admin'))}>
      <ArrowLeft size={16} aria-hidden="true" /> All items
    </a>
  );

  return (
    <section aria-labelledby="editor-title" class="editor-page">
      {back}
      <h1 id="editor-title">{id === null ? 'New catalog item' : `Edit: ${item?.name}`}</h1>
      <div class="editor-grid">
        <form class="item-editor panel" onSubmit={save} noValidate aria-label="Catalog item">
          {errors._ && (
            <p class="error-box" role="alert">
              {errors._}
            </p>
          )}
          <Field id="ed-organization" label="Organization" error={err('organization')}>
            <select
              {...described('ed-organization', err('organization'))}
              value={draft.organization ?? ''}
              onChange={(e) => {
                const v = (e.currentTarget as HTMLSelectElement).value;
                set('organization', v ? Number(v) : null);
              }}
            >
              {props.organizations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="ed-name" label="Name" error={err('name')}>
            <input
              {...described('ed-name', err('name'))}
              type="text"
              value={draft.name}
              onInput={(e) => set('name', (e.currentTarget as HTMLInputElement).value)}
            />
          </Field>
          <TemplatePicker
            id="ed-template"
            organization={draft.organization}
            current={template}
            error={err('job_template') || err('workflow_job_template')}
            onPick={(t) => {
              setTemplate(t);
              setDraft((d) => ({
                ...d,
                job_template: t.type === 'job_template' ? t.id : null,
                workflow_job_template: t.type === 'workflow_job_template' ? t.id : null,
              }));
              setTouched((s) => new Set(s).add('job_template').add('workflow_job_template'));
            }}
          />
          <Field
            id="ed-description"
            label="Description"
            help="Markdown: shown on the item's page (raw HTML is shown as text)."
            error={err('description')}
          >
            <textarea
              {...described('ed-description', err('description'), 'help')}
              rows={5}
              value={draft.description}
              onInput={(e) => set('description', (e.currentTarget as HTMLTextAreaElement).value)}
            />
          </Field>
          <IconPicker id="ed-icon" value={draft.icon} error={err('icon')} onChange={(v) => set('icon', v)} />
          <Field id="ed-category" label="Category" help="Pick one in use or type a new one." error={err('category')}>
            <input
              {...described('ed-category', err('category'), 'help')}
              type="text"
              list="ed-category-list"
              value={draft.category}
              onInput={(e) => set('category', (e.currentTarget as HTMLInputElement).value)}
            />
            <datalist id="ed-category-list">
              {categoryRows.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </Field>
          <Field id="ed-tags" label="Tags" help="Comma-separated." error={err('tags')}>
            <input
              {...described('ed-tags', err('tags'), 'help')}
              type="text"
              value={tagsText}
              onInput={(e) => {
                const text = (e.currentTarget as HTMLInputElement).value;
                setTagsText(text);
                set('tags', text.split(',').map((t) => t.trim()).filter(Boolean));
              }}
            />
          </Field>
          <fieldset class="field policy-editor">
            <legend>Approval</legend>
            <label class="choice">
              <input
                type="checkbox"
                checked={draft.requires_approval}
                onChange={(e) => set('requires_approval', (e.currentTarget as HTMLInputElement).checked)}
              />
              <span>Requests need approval</span>
            </label>
            {draft.requires_approval && (
              <ApprovalSteps
                steps={draft.approval_steps}
                teams={teamRows}
                teamName={(t) => teamNames[t] || `team #${t}`}
                notifyKinds={notifyKinds}
                notifyTemplates={notifyRows}
                err={err}
                onChange={(steps) => set('approval_steps', steps)}
              />
            )}
            <label class="choice">
              <input
                type="checkbox"
                checked={draft.justification_required}
                onChange={(e) => set('justification_required', (e.currentTarget as HTMLInputElement).checked)}
              />
              <span>A justification is required</span>
            </label>
            <ExpiryFields
              expireAfter={draft.expire_after}
              outcome={draft.expiry_outcome}
              remindEvery={draft.remind_every}
              autoApprove={draft.auto_approve_allowed}
              orgDefault={check?.expiry.organization_default}
              outcomes={check?.expiry.outcomes}
              err={err}
              set={(k, v) => set(k, v as never)}
            />
            <NotificationPicker
              kinds={notifyKinds}
              templates={notifyRows}
              value={draft.notification_templates}
              err={err}
              onChange={(v) => set('notification_templates', v)}
            />
          </fieldset>
          <Field id="ed-contact" label="Contact" help="Who requesters ask about this item." error={err('contact')}>
            <input
              {...described('ed-contact', err('contact'), 'help')}
              type="text"
              value={draft.contact}
              onInput={(e) => set('contact', (e.currentTarget as HTMLInputElement).value)}
            />
          </Field>
          <label class="choice">
            <input
              type="checkbox"
              checked={draft.enabled}
              onChange={(e) => set('enabled', (e.currentTarget as HTMLInputElement).checked)}
            />
            <span>Enabled (shown in the catalog)</span>
          </label>
          <div class="actions">
            <p class="sr-only" aria-live="polite">
              {notice}
            </p>
            {notice && <p class="notice">{notice}</p>}
            <button type="submit" class="primary" disabled={saving}>
              {saving ? 'Saving…' : id === null ? 'Create item' : 'Save changes'}
            </button>
          </div>
        </form>
        <div class="editor-side">
          <section class="panel" aria-labelledby="problems-title" data-testid="problems">
            <h2 id="problems-title">Problems</h2>
            {checkError && (
              <p class="error-box" role="alert">
                {checkError}
              </p>
            )}
            {!check && !checkError && <p class="muted">Checking…</p>}
            {check && (
              <ul class="problem-list">
                {check.errors.map((e, i) => (
                  <li key={`e${i}`} data-path={e.path}>
                    <strong>{e.path || 'item'}</strong>: {e.message}
                  </li>
                ))}
                {check.problems.map((p, i) => (
                  <li key={`p${i}`} data-code={p.code}>
                    {p.message}
                  </li>
                ))}
                {check.survey_problems.map((p, i) => (
                  <li key={`s${i}`} data-path={p.path}>
                    Survey {p.path}: {p.message}
                  </li>
                ))}
                {check.valid && !check.problems.length && !check.survey_problems.length && (
                  <li class="ok">None: the item can be saved as it is.</li>
                )}
              </ul>
            )}
          </section>
          <section class="panel" aria-labelledby="editor-plan-title">
            <h2 id="editor-plan-title">Approval plan</h2>
            {check ? (
              <ItemPlan
                testId="editor-plan"
                item={{
                  requires_approval: check.approval_steps.length > 0,
                  approval_steps: check.approval_steps,
                  justification_required: draft.justification_required,
                }}
              />
            ) : (
              <p class="muted">Checking…</p>
            )}
          </section>
          <div aria-live="off">
            {ld && previewItem ? (
              <RequestDialog
                item={previewItem}
                launchData={ld}
                preview
                onClose={() => undefined}
                onSubmitted={() => undefined}
                onShowRequests={() => undefined}
              />
            ) : (
              <p class="panel muted">The preview appears once a template is chosen.</p>
            )}
          </div>
        </div>
      </div>
    </section>
  );
}
