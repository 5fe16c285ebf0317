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
import { checkAll, display, initialValues, toAnswers, type FieldValue, type Values } from './survey';
import type { CatalogItem, LaunchData, Prefill, Question, ServiceRequest } from './types';

interface Step {
  key: string; // "justification" | "survey" | "node:<identifier>" | "confirm"
  title: string;
  spec: Question[];
  extraVars: boolean; // the template asks for variables on launch: a free-form field
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
  const steps: Step[] = [{ key: 'justification', title: 'Justification', spec: [], extraVars: false }];
  const spec = ld.survey_enabled ? ld.survey_spec?.spec || [] : [];
  const extraVars = !!ld.ask_variables_on_launch;
  if (spec.length || extraVars) {
    const title = spec.length ? ld.survey_spec?.name || 'Details' : 'Extra variables';
    steps.push({ key: 'survey', title, spec, extraVars });
  }
  for (const n of ld.node_surveys || []) {
    const ns = n.survey_spec?.spec || [];
    if (ns.length) {
      steps.push({
        key: `node:${n.identifier}`,
        title: n.survey_spec?.name || n.name || n.identifier,
        spec: ns,
        extraVars: false,
      });
    }
  }
  steps.push({ key: 'confirm', title: 'Confirm', spec: [], extraVars: false });
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
  const [values, setValues] = useState<Record<string, Values>>({});
  const [errors, setErrors] = useState<StepErrors>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ServiceRequest | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  // Focus moves only when asked (new step, errors found), never while typing.
  const [focusReq, setFocusReq] = useState({ invalid: false, n: 0 });
  const requestFocus = (invalid: boolean) => setFocusReq((f) => ({ invalid, n: f.n + 1 }));

  const adopt = (d: LaunchData) => {
    setLd(d);
    const v: Record<string, Values> = {};
    const fill = props.prefill ?? answerPrefill(answer);
    for (const s of buildSteps(d)) v[s.key] = prefilledValues(s.key, s.spec, initialValues(s.spec), fill);
    setValues(v);
    setErrors({});
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
  }, [focusReq, done, ld]);

  const setField = (stepKey: string, variable: string, v: FieldValue) => {
    setValues((all) => ({ ...all, [stepKey]: { ...all[stepKey], [variable]: v } }));
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

  const answersFor = (s: Step) => toAnswers(s.spec, values[s.key] || {});

  // The free-form variables of a step: parsed, and checked against its questions.
  const extraFor = (s: Step): { vars: Record<string, unknown>; error: string | null } => {
    if (!s.extraVars) return { vars: {}, error: null };
    const parsed = parseExtraVars(extraText);
    if (parsed.error !== null) return { vars: {}, error: parsed.error };
    const clash = collisions(parsed.vars, s.spec.map((q) => q.variable));
    return clash.length ? { vars: {}, error: collisionMessage(clash) } : { vars: parsed.vars, error: null };
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
    if (step.spec.length || step.extraVars) {
      // The template survey's problems (the item's survey_problems) tell which defaults cannot apply.
      const problems = step.key === 'survey' ? item.survey_problems ?? [] : [];
      const errs = checkAll(step.spec, values[step.key] || {}, problems);
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
    const payload: Record<string, unknown> = { justification, extra_vars: {} };
    const nodeData: Record<string, Record<string, unknown>> = {};
    for (const s of steps) {
      if (s.key === 'survey') payload.extra_vars = mergeExtraVars(answersFor(s), extraFor(s).vars);
      else if (s.key.startsWith('node:')) nodeData[s.key.slice(5)] = answersFor(s);
    }
    if (ld.is_workflow) payload.node_survey_data = nodeData;
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
  const stepErrs = step ? errors[step.key] || {} : {};

  let body;
  if (loadError) {
    body = <p class="error-box" role="alert">Could not load this item: {loadError}</p>;
  } else if (!ld || !step) {
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
                    {s.spec.map((q) => (
                      <Fragment key={q.variable}>
                        <dt>{q.question_name || q.variable}</dt>
                        <dd data-variable={q.variable}>{display(q, ans)}</dd>
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
            {item.requires_approval
              ? `This request needs ${item.approvals_required && item.approvals_required > 1 ? item.approvals_required + ' approvals' : 'approval'} before it runs.`
              : 'This request runs as soon as you submit it.'}
          </p>
        </div>
      );
    } else {
      const stepVals = values[step.key] || {};
      content = (
        <div class="survey">
          {step.spec.map((q) => (
            <SurveyField
              key={q.variable}
              q={q}
              idPrefix={`f-${step.key.replace(/[^\w-]/g, '_')}`}
              value={stepVals[q.variable]}
              error={stepErrs[q.variable]}
              onChange={(v) => setField(step.key, q.variable, v)}
            />
          ))}
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
