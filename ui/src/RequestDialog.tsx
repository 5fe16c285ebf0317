// The multi-step request dialog built from launch_data:
// justification -> template survey -> one step per node survey -> confirm -> submitted.
import { Fragment } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { X } from 'lucide-preact';
import { api, ApiError } from './api';
import { EXTRA_VARS_FIELD, fieldErrors, place } from './errors';
import { collisionMessage, collisions, loadYaml, mergeExtraVars, parseExtraVars, yamlLoaded } from './extraVars';
import { ExtraVarsField } from './ExtraVarsField';
import { Modal } from './Modal';
import { ItemIcon } from './Icon';
import { AgainNotes, prefilledValues } from './prefill';
import { SurveyField } from './SurveyField';
import { display, initialValues, toAnswers, type FieldValue, type States, type Values } from './survey';
import { useDryRun, type DryRunBody } from './dryRun';
import type { DryRun, FormOverlay } from './formTypes';
import type { CatalogItem, LaunchData, Prefill, Question, ServiceRequest } from './types';

interface Step {
  key: string; // "justification" | "survey" | "node:<identifier>" | "confirm"
  title: string;
  spec: Question[]; // in the overlay's order
  overlay: FormOverlay;
  extraVars: boolean; // the template asks for variables on launch: a free-form field
}

// The questions in the overlay's order (by "order", then as in the survey).
function ordered(spec: Question[], overlay: FormOverlay): Question[] {
  const rank = (q: Question, i: number) => {
    const o = overlay[q.variable]?.order;
    return typeof o === 'number' ? o : i;
  };
  return spec
    .map((q, i) => ({ q, i, r: rank(q, i) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.q);
}

// Consecutive questions with the same section title, for <fieldset>s.
function sections(spec: Question[], overlay: FormOverlay): { title: string; questions: Question[] }[] {
  const out: { title: string; questions: Question[] }[] = [];
  for (const q of spec) {
    const title = overlay[q.variable]?.section || '';
    const last = out[out.length - 1];
    if (last && last.title === title) last.questions.push(q);
    else out.push({ title, questions: [q] });
  }
  return out;
}

function initialState(ld: LaunchData | null): DryRun | null {
  if (!ld) return null;
  const state = ld.form_state ?? { extra_vars: { questions: {} }, node_survey_data: {} };
  return { valid: true, errors: [], ...state };
}

// The state of one step's survey in a dry-run answer.
function statesOf(r: DryRun | null, stepKey: string): States {
  if (!r) return {};
  if (stepKey === 'survey') return r.extra_vars?.questions || {};
  if (stepKey.startsWith('node:')) return r.node_survey_data?.[stepKey.slice(5)]?.questions || {};
  return {};
}

// The answers of one step as a dry-run body sent them (null: none sent yet).
function sentAnswers(body: DryRunBody | null, stepKey: string): Record<string, unknown> | null {
  if (!body) return null;
  if (stepKey === 'survey') return body.extra_vars || {};
  if (stepKey.startsWith('node:')) return body.node_survey_data?.[stepKey.slice(5)] || {};
  return null;
}

function hiddenOf(states: States): Set<string> {
  return new Set(Object.keys(states).filter((v) => states[v]?.visible === false));
}

function pathOf(stepKey: string, variable: string): string {
  return stepKey === 'survey' ? `extra_vars.${variable}` : `node_survey_data.${stepKey.slice(5)}.${variable}`;
}

type StepErrors = Record<string, Record<string, string>>; // step -> field ("_" = step-wide) -> message

// A needs-info answer starts from the request's own answers, as request
// again does (secrets are typed again).
function answerPrefill(r?: ServiceRequest): Prefill | null {
  if (!r) return null;
  const item = typeof r.catalog_item === 'object' ? r.catalog_item.id : r.catalog_item;
  return {
    request: r.id,
    catalog_item: item,
    justification: r.justification || '',
    extra_vars: r.extra_vars || {},
    free_form_extra_vars: {},
    node_survey_data: r.node_survey_data || {},
    differences: [],
  };
}

function buildSteps(ld: LaunchData): Step[] {
  const none = { spec: [], overlay: {}, extraVars: false };
  const steps: Step[] = [{ key: 'justification', title: 'Justification', ...none }];
  const overlay = ld.form_overlay || {};
  const spec = ordered(ld.survey_enabled ? ld.survey_spec?.spec || [] : [], overlay);
  const extraVars = !!ld.ask_variables_on_launch;
  if (spec.length || extraVars) {
    const title = spec.length ? ld.survey_spec?.name || 'Details' : 'Extra variables';
    steps.push({ key: 'survey', title, spec, overlay, extraVars });
  }
  for (const n of ld.node_surveys || []) {
    const nodeOverlay = ld.node_form_overlays?.[n.identifier] || {};
    const ns = ordered(n.survey_spec?.spec || [], nodeOverlay);
    if (ns.length) {
      steps.push({
        key: `node:${n.identifier}`,
        title: n.survey_spec?.name || n.name || n.identifier,
        spec: ns,
        overlay: nodeOverlay,
        extraVars: false,
      });
    }
  }
  steps.push({ key: 'confirm', title: 'Confirm', ...none });
  return steps;
}

export function RequestDialog(props: {
  item: CatalogItem;
  prefill?: Prefill | null; // request again: the server's prefill and what changed
  onClose: () => void;
  onSubmitted: (r: ServiceRequest) => void;
  onShowRequests: () => void;
  // A needs-info request to answer: the same dialog, prefilled (secrets typed
  // again), a reply, and resubmit instead of submit.
  answer?: ServiceRequest;
  // The catalog editor's live preview: this launch data instead of the
  // server's for a saved item, shown in place (no modal), never submitted.
  launchData?: LaunchData;
  preview?: boolean;
}) {
  const answer = props.answer;
  const [reply, setReply] = useState('');
  const question = [...(answer?.thread || [])].reverse().find((t) => t.kind === 'question')?.text || '';
  const [ld, setLd] = useState<LaunchData | null>(null);
  // Answering, the caller knows only the item's id: the rest comes with launch_data.
  const item: CatalogItem = answer && ld?.catalog_item ? { ...props.item, ...ld.catalog_item } : props.item;
  const [loadError, setLoadError] = useState('');
  const [index, setIndex] = useState(0);
  const [justification, setJustification] = useState('');
  const [extraText, setExtraText] = useState('');
  const [values, setValues] = useState<Record<string, Values> | null>(null);
  const [errors, setErrors] = useState<StepErrors>({});
  // Fields edited, and steps whose Next was pressed: the dry-run's errors show there.
  const [touched, setTouched] = useState<Record<string, Set<string>>>({});
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [search, setSearch] = useState<Record<string, string>>({});
  // The last dry-run answer, which says which questions are hidden (their
  // answers are not sent) and what each offers.
  const [lastDry, setLastDry] = useState<DryRun | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ServiceRequest | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  // Focus moves only when asked (new step, errors found), never while typing.
  const [focusReq, setFocusReq] = useState({ invalid: false, n: 0 });
  const requestFocus = (invalid: boolean) => setFocusReq((f) => ({ invalid, n: f.n + 1 }));

  const adopt = (d: LaunchData) => {
    setLd(d);
    setValues(null); // filled from the server's state for this form (below)
    setErrors({});
    const fill = props.prefill ?? answerPrefill(answer);
    if (fill) {
      setJustification(fill.justification || '');
      const free = fill.free_form_extra_vars || {};
      if (Object.keys(free).length) setExtraText(JSON.stringify(free, null, 2));
    }
  };
  // A preview starts again only when the form it shows changed.
  const previewKey = props.launchData ? JSON.stringify({ ...props.launchData, catalog_item: null }) : '';
  useEffect(() => {
    if (props.launchData) {
      adopt(props.launchData);
      setIndex(0);
      return;
    }
    api<LaunchData>(`service_catalog_items/${item.id}/launch_data/`)
      .then(adopt)
      .catch((e: Error) => setLoadError(e.message));
  }, [item.id, previewKey]);
  useEffect(() => {
    if (props.launchData) setLd(props.launchData); // item fields (name, policy) as they are typed
  }, [props.launchData]);

  const steps = useMemo(() => (ld ? buildSteps(ld) : []), [ld]);


  useEffect(() => {
    if (ld?.ask_variables_on_launch) loadYaml().catch(() => undefined); // parsing reports it
  }, [ld]);
  const step = steps[index];

  // The first invalid field after errors, else the step's first control.
  useEffect(() => {
    const root = bodyRef.current;
    if (!root) return;
    // A preview never takes the focus from the editor beside it.
    if (props.preview && !root.contains(document.activeElement)) return;
    const controls = 'input, textarea, select, button.primary';
    const target = focusReq.invalid
      ? root.querySelector<HTMLElement>('[aria-invalid="true"], .error-box')
      : root.querySelector<HTMLElement>(controls);
    target?.focus();
  }, [focusReq, done, ld, values === null]);

  const setField = (stepKey: string, variable: string, v: FieldValue) => {
    setValues((all) => ({ ...all, [stepKey]: { ...(all || {})[stepKey], [variable]: v } }));
    setTouched((t) => ({ ...t, [stepKey]: new Set([...(t[stepKey] || []), variable]) }));
    clearError(stepKey, variable);
  };

  const clearError = (stepKey: string, variable: string) => {
    setErrors((all) => {
      if (!all[stepKey]?.[variable]) return all;
      const copy = { ...all[stepKey] };
      delete copy[variable];
      return { ...all, [stepKey]: copy };
    });
  };

  const answersFor = (s: Step, all: Record<string, Values> | null = values, r: DryRun | null = lastDry ?? initialState(ld)) => {
    const states = statesOf(r, s.key);
    return toAnswers(s.spec, (all || {})[s.key] || {}, states, hiddenOf(states));
  };

  // The free-form variables of a step: parsed, and checked against its questions.
  const extraFor = (s: Step): { vars: Record<string, unknown>; error: string | null } => {
    if (!s.extraVars) return { vars: {}, error: null };
    const parsed = parseExtraVars(extraText);
    if (parsed.error !== null) return { vars: {}, error: parsed.error };
    const clash = collisions(parsed.vars, s.spec.map((q) => q.variable));
    return clash.length ? { vars: {}, error: collisionMessage(clash) } : { vars: parsed.vars, error: null };
  };

  // The dry-run of the answers as they stand (nothing yet: the defaults).
  const dryBody = useMemo((): DryRunBody | null => {
    // A preview has no saved item to ask: it shows the form as the launch data gives it.
    if (!ld || props.preview) return null;
    return { ...payloadFor(values || {}, lastDry ?? initialState(ld)), search };
  }, [ld, values, extraText, justification, search, lastDry]);
  const dry = useDryRun(item.id, dryBody);
  useEffect(() => setLastDry(dry.result), [dry.result]);
  // Until the first dry-run answers, launch_data's state for no answers.
  const initial = useMemo(() => initialState(ld), [ld]);
  const current = dry.result ?? initial;

  // The fields start from the defaults the server reports.
  useEffect(() => {
    if (values !== null || !current) return;
    const v: Record<string, Values> = {};
    const fill = props.prefill ?? answerPrefill(answer);
    for (const s of steps) v[s.key] = prefilledValues(s.key, s.spec, initialValues(s.spec, statesOf(current, s.key)), fill);
    setValues(v);
  }, [current, steps]);

  // The body submit sends; the dry-run asks about the same one.
  function payloadFor(all: Record<string, Values>, r: DryRun | null) {
    const payload: { justification: string; extra_vars: Record<string, unknown>; node_survey_data?: Record<string, Record<string, unknown>> } = {
      justification,
      extra_vars: {},
    };
    const nodeData: Record<string, Record<string, unknown>> = {};
    for (const s of steps) {
      if (s.key === 'survey') payload.extra_vars = mergeExtraVars(answersFor(s, all, r), extraFor(s).vars);
      else if (s.key.startsWith('node:')) nodeData[s.key.slice(5)] = answersFor(s, all, r);
    }
    if (ld?.is_workflow) payload.node_survey_data = nodeData;
    return payload;
  }

  // The dry-run's errors, placed on steps and fields.
  const placed = (r: DryRun | null): StepErrors => {
    const out: StepErrors = {};
    if (!r) return out;
    const nodeIds = (ld?.node_surveys || []).map((n) => n.identifier);
    const fields = steps.map((s) => ({ key: s.key, variables: s.spec.map((q) => q.variable), extraVars: s.extraVars }));
    for (const fe of r.errors || []) {
      const loc = place(fe, fields, nodeIds);
      out[loc.step] = out[loc.step] || {};
      const field = loc.field ?? '_';
      out[loc.step][field] = out[loc.step][field] ? `${out[loc.step][field]} ${loc.message}` : loc.message;
    }
    return out;
  };

  const next = async () => {
    if (answer && step.key === 'justification' && !reply.trim()) {
      setErrors({ ...errors, justification: { reply: 'Answer the question.' } });
      requestFocus(true);
      return;
    }
    if (step.extraVars && extraText.trim() && !yamlLoaded()) {
      setBusy(true);
      await loadYaml().catch(() => undefined);
      setBusy(false);
    }
    if (step.spec.length || step.extraVars || step.key === 'justification') {
      // The server's verdict on exactly the answers shown, asked now.
      setBusy(true);
      const r = await dry.now();
      setBusy(false);
      setChecked((c) => new Set([...c, step.key]));
      const errs = { ...(placed(r)[step.key] || {}) };
      const extraError = extraFor(step).error;
      if (extraError !== null) errs[EXTRA_VARS_FIELD] = extraError;
      if (Object.keys(errs).length) {
        setErrors({ ...errors, [step.key]: errs });
        requestFocus(true);
        return;
      }
    }
    setErrors({ ...errors, [step.key]: {} });
    setIndex(index + 1);
    requestFocus(false);
  };

  const submit = async () => {
    if (!ld) return;
    if (props.preview) {
      setErrors({ confirm: { _: 'This is a preview: requesters submit from here once the item is saved.' } });
      return;
    }
    const payload: Record<string, unknown> = payloadFor(values || {}, lastDry ?? initialState(ld));
    if (answer) payload.reply = reply;
    setBusy(true);
    try {
      const r = await api<ServiceRequest>(
        answer ? `service_requests/${answer.id}/resubmit/` : `service_catalog_items/${item.id}/submit/`,
        { method: 'POST', body: payload },
      );
      setErrors({});
      setDone(r);
      props.onSubmitted(r);
    } catch (e) {
      const next: StepErrors = {};
      const put = (stepKey: string, field: string, message: string) => {
        next[stepKey] = next[stepKey] || {};
        const prev = next[stepKey][field];
        // Core messages may lack a full stop: keep several readable as sentences.
        next[stepKey][field] = prev ? `${prev}${/[.!?]$/.test(prev) ? '' : '.'} ${message}` : message;
      };
      if (e instanceof ApiError && e.status === 400) {
        const nodeIds = (ld.node_surveys || []).map((n) => n.identifier);
        const fields = steps.map((s) => ({ key: s.key, variables: s.spec.map((q) => q.variable), extraVars: s.extraVars }));
        for (const fe of fieldErrors(e.body)) {
          const loc = place(fe, fields, nodeIds);
          put(loc.step, loc.field ?? '_', loc.message);
        }
        const body = e.body as Record<string, unknown> | null;
        if (answer && body && 'reply' in body) put('justification', 'reply', String((body.reply as string[])[0] ?? e.message));
        else if (!Object.keys(next).length) put('confirm', '_', e.message);
      } else {
        put('confirm', '_', (e as Error).message);
      }
      const first = steps.findIndex((s) => next[s.key]);
      setErrors(next);
      setIndex(first >= 0 ? first : steps.length - 1);
      requestFocus(true);
    } finally {
      setBusy(false);
    }
  };

  const titleId = `dlg-title-${item.id}`;
  // Errors shown: the dry-run's on fields edited (or on the whole step once
  // Next was pressed), and what submit answered.
  // A field changed since the answer was asked waits for the next one.
  const live = step ? placed(current)[step.key] || {} : {};
  const sent = step ? sentAnswers(dry.answered, step.key) : null;
  const now = step && values ? answersFor(step) : {};
  const stale = (field: string) =>
    sent !== null && JSON.stringify(sent[field] ?? null) !== JSON.stringify(now[field] ?? null);
  const shownLive: Record<string, string> = {};
  for (const [field, message] of Object.entries(live)) {
    const asked = field === '_' ? checked.has(step.key) : checked.has(step.key) || touched[step.key]?.has(field);
    if (asked && !stale(field)) shownLive[field] = message;
  }
  const stepErrs = step ? { ...shownLive, ...(errors[step.key] || {}) } : {};

  let body;
  if (loadError) {
    body = <p class="error-box" role="alert">Could not load this item: {loadError}</p>;
  } else if (ld && values === null && dry.error) {
    body = <p class="error-box" role="alert">Could not check this form: {dry.error}</p>;
  } else if (!ld || !step || values === null) {
    body = <p aria-live="polite">Loading…</p>;
  } else if (done) {
    body = (
      <div class="done" role="status">
        <h3>
          Request #{done.id} {answer ? 'answered' : 'submitted'}
        </h3>
        <p>
          Status: <span class={`status status-${done.status}`}>{done.status.replace('_', ' ')}</span>
        </p>
        <p>
          {answer
            ? 'It is back with its approvers, at the same step.'
            : done.status === 'pending_approval'
              ? 'An approver has to approve it before it runs. Follow it under My requests.'
              : 'It is on its way. Follow it under My requests.'}
        </p>
        <div class="actions">
          <button type="button" class="primary" onClick={answer ? props.onClose : props.onShowRequests}>
            {answer ? 'Back to the request' : 'Go to My requests'}
          </button>
          <button type="button" onClick={props.onClose}>
            Close
          </button>
        </div>
      </div>
    );
  } else {
    let content;
    if (step.key === 'justification') {
      const replyField = answer && (
        <div class={'field' + (stepErrs.reply ? ' invalid' : '')}>
          <p class="question" id="question-text">
            <strong>The approver asks:</strong> {question || '—'}
          </p>
          <label for="reply">
            Your answer<span class="req" aria-hidden="true"> *</span>
          </label>
          <textarea
            id="reply"
            name="reply"
            rows={3}
            value={reply}
            aria-required="true"
            aria-invalid={stepErrs.reply ? 'true' : undefined}
            aria-describedby={'question-text' + (stepErrs.reply ? ' reply-err' : '')}
            onInput={(e) => {
              setReply((e.currentTarget as HTMLTextAreaElement).value);
              clearError('justification', 'reply');
            }}
          />
          {stepErrs.reply && (
            <p class="field-error" id="reply-err" role="alert">
              {stepErrs.reply}
            </p>
          )}
        </div>
      );
      content = (
        <>
        {replyField}
        <div class={'field' + (stepErrs.justification ? ' invalid' : '')}>
          <label for="justification">
            Why do you need this?
            {ld.catalog_item?.justification_required && (
              <span class="req" aria-hidden="true">
                {' '}*
              </span>
            )}
          </label>
          <p class="help" id="justification-help">
            {ld.catalog_item?.requires_approval ?? item.requires_approval
              ? 'Approvers read this before they decide.'
              : 'Kept with the request for the record.'}
          </p>
          <textarea
            id="justification"
            name="justification"
            rows={4}
            value={justification}
            aria-invalid={stepErrs.justification ? 'true' : undefined}
            aria-required={ld.catalog_item?.justification_required ? 'true' : undefined}
            aria-describedby={'justification-help' + (stepErrs.justification ? ' justification-err' : '')}
            onInput={(e) => setJustification((e.currentTarget as HTMLTextAreaElement).value)}
          />
          {stepErrs.justification && (
            <p class="field-error" id="justification-err" role="alert">
              {stepErrs.justification}
            </p>
          )}
        </div>
        </>
      );
    } else if (step.key === 'confirm') {
      content = (
        <div class="confirm">
          <dl>
            {answer && (
              <>
                <dt>Your answer</dt>
                <dd>{reply || '—'}</dd>
              </>
            )}
            <dt>Justification</dt>
            <dd>{justification || '—'}</dd>
          </dl>
          {steps
            .filter((s) => s.spec.length || s.extraVars)
            .map((s) => {
              const ans = answersFor(s);
              const extra = extraFor(s).vars;
              return (
                <section key={s.key} aria-label={s.title}>
                  <h4>{s.title}</h4>
                  <dl>
                    {s.spec
                      .filter((q) => statesOf(current, s.key)[q.variable]?.visible !== false)
                      .map((q) => (
                        <Fragment key={q.variable}>
                          <dt>{q.question_name || q.variable}</dt>
                          <dd data-variable={q.variable}>{display(q, ans, statesOf(current, s.key)[q.variable])}</dd>
                        </Fragment>
                      ))}
                    {s.extraVars && (
                      <>
                        <dt>Extra variables</dt>
                        <dd>
                          {Object.keys(extra).length ? (
                            <pre class="extra-vars" data-testid="confirm-extra-vars">
                              {JSON.stringify(extra, null, 2)}
                            </pre>
                          ) : (
                            '—'
                          )}
                        </dd>
                      </>
                    )}
                  </dl>
                </section>
              );
            })}
          <p class="note">
            {item.requires_approval && (item.approval_steps?.length ?? 0) > 1
              ? `This request needs approval in ${item.approval_steps?.length} steps before it runs: ${item.approval_steps
                  ?.map((s, i) => s.title || s.approver_team_name || `step ${i + 1}`)
                  .join(', then ')}.`
              : item.requires_approval
              ? `This request needs ${item.approvals_required && item.approvals_required > 1 ? item.approvals_required + ' approvals' : 'approval'} before it runs.`
              : 'This request runs as soon as you submit it.'}
          </p>
        </div>
      );
    } else {
      const stepVals = values[step.key] || {};
      const states = statesOf(current, step.key);
      const field = (q: Question) => (
        <SurveyField
          key={q.variable}
          q={q}
          idPrefix={`f-${step.key.replace(/[^\w-]/g, '_')}`}
          value={stepVals[q.variable] ?? ''}
          error={stepErrs[q.variable]}
          overlay={step.overlay[q.variable]}
          state={states[q.variable]}
          search={search[pathOf(step.key, q.variable)]}
          onSearch={(t) => setSearch((all) => ({ ...all, [pathOf(step.key, q.variable)]: t }))}
          onChange={(v) => setField(step.key, q.variable, v)}
        />
      );
      content = (
        <div class="survey" aria-live="polite">
          {sections(step.spec.filter((q) => states[q.variable]?.visible !== false), step.overlay).map((sec, i) =>
            sec.title ? (
              <fieldset class="section" key={`s${i}`}>
                <legend>{sec.title}</legend>
                {sec.questions.map(field)}
              </fieldset>
            ) : (
              <Fragment key={`s${i}`}>{sec.questions.map(field)}</Fragment>
            ),
          )}
          {step.extraVars && (
            <ExtraVarsField
              id={`f-${step.key.replace(/[^\w-]/g, '_')}-extra_vars`}
              value={extraText}
              error={stepErrs[EXTRA_VARS_FIELD]}
              onChange={(text) => {
                setExtraText(text);
                clearError(step.key, EXTRA_VARS_FIELD);
              }}
            />
          )}
        </div>
      );
    }
    body = (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (step.key === 'confirm') submit();
          else next();
        }}
        noValidate
      >
        <ol class="steps" aria-label="Steps">
          {steps.map((s, i) => (
            <li
              key={s.key}
              class={(i === index ? 'current' : i < index ? 'past' : '') + (errors[s.key] && Object.keys(errors[s.key]).length ? ' has-error' : '')}
              aria-current={i === index ? 'step' : undefined}
            >
              <span class="num">{i + 1}</span>
              <span class="label">{s.title}</span>
            </li>
          ))}
        </ol>
        <h3 class="step-title" data-step={step.key}>
          Step {index + 1} of {steps.length}: {step.title}
        </h3>
        {props.prefill && <AgainNotes stepKey={step.key} prefill={props.prefill} />}
        {stepErrs._ && (
          <p class="error-box" role="alert" tabIndex={-1}>
            {stepErrs._}
          </p>
        )}
        {content}
        <div class="actions">
          {index > 0 && (
            <button
              type="button"
              onClick={() => {
                setIndex(index - 1);
                requestFocus(false);
              }}
              disabled={busy}
            >
              Back
            </button>
          )}
          <button type="submit" class="primary" disabled={busy}>
            {step.key === 'confirm' ? (busy ? 'Sending…' : answer ? 'Send answer' : 'Submit request') : 'Next'}
          </button>
        </div>
      </form>
    );
  }

  const head = (
    <header class="modal-head">
      <ItemIcon name={item.icon} size={24} />
      <h2 id={titleId}>
        {answer ? `Answer for request #${answer.id}` : 'Request'}: {item.name}
      </h2>
      {!props.preview && (
        <button type="button" class="icon-btn" onClick={props.onClose} aria-label="Close dialog">
          <X size={20} aria-hidden="true" />
        </button>
      )}
    </header>
  );
  if (props.preview) {
    return (
      <section class="modal request-dialog preview" aria-labelledby={titleId} data-testid="preview">
        {head}
        <div class="modal-body" ref={bodyRef}>
          {body}
        </div>
      </section>
    );
  }
  return (
    <Modal labelledBy={titleId} onClose={props.onClose} className="request-dialog">
      {head}
      <div class="modal-body" ref={bodyRef}>
        {body}
      </div>
    </Modal>
  );
}
