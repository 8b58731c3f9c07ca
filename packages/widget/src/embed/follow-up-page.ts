import type { Schema, TipAccess } from '@ezhili/sdk';
import { failureOf, reporter } from './api.js';
import { h, replaceChildren } from './dom.js';
import { evidencePicker } from './evidence-picker.js';
import { errorSummary, field } from './form-field.js';
import { formatBytes, labelFor } from './i18n.js';
import type { PageContext } from './page-context.js';
import { reporterAccountBox } from './reporter-account.js';

export interface TipCredentials {
  identityCode: string;
  receiptSecret: string;
}

type Message = Schema<'Message'>;
type RewardView = { status?: string; actionRequired?: string | null };

/** The lookup form: identity code and receipt secret, which are sent in headers, never in a URL. */
export function renderFollowUpPage(context: PageContext): void {
  const { t, root } = context;
  const summary = errorSummary(t);
  const code = field(
    t,
    h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', maxlength: '40', class: 'ez-code' }),
    t('identityCode'),
    { required: true },
  );
  const secret = field(
    t,
    h('input', {
      type: 'password',
      autocomplete: 'off',
      spellcheck: 'false',
      maxlength: '128',
      class: 'ez-code',
    }),
    t('receiptSecret'),
    { required: true },
  );
  const submit = h('button', { type: 'submit', class: 'ez-primary' }, t('followLookup'));
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'ez-title' },
    summary.element,
    code.wrapper,
    secret.wrapper,
    h('div', { class: 'ez-actions' }, submit),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const identityCode = code.control.value.trim().toUpperCase();
    const receiptSecret = secret.control.value.trim();
    const problems: string[] = [];
    code.setError(identityCode ? undefined : t('fieldRequired', { field: t('identityCode') }));
    secret.setError(receiptSecret ? undefined : t('fieldRequired', { field: t('receiptSecret') }));
    if (!identityCode) problems.push(t('fieldRequired', { field: t('identityCode') }));
    if (!receiptSecret) problems.push(t('fieldRequired', { field: t('receiptSecret') }));
    if (problems.length > 0) return summary.show(problems);
    submit.disabled = true;
    void renderFollowUp(context, { identityCode, receiptSecret }, (failure) => {
      submit.disabled = false;
      summary.show([failure]);
    });
  });
  replaceChildren(
    root,
    h('h1', { id: 'ez-title', tabindex: '-1' }, t('followTitle')),
    h('p', { class: 'ez-intro' }, t('followIntro')),
    form,
  );
}

function formatTime(iso: string | null, locale: string, fallback: string): string {
  if (!iso) return fallback;
  return new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The tip's status, deadlines, messages with a reply box, and the reward claim when offered. */
export async function renderFollowUp(
  context: PageContext,
  credentials: TipCredentials,
  onFailure?: (message: string) => void,
): Promise<void> {
  const { t, root, config } = context;
  const access: TipAccess = credentials;
  let view: Schema<'TipView'>;
  try {
    view = await reporter.tips.get(access);
  } catch (error) {
    const failure = failureOf(error);
    const status = failure.kind === 'problem' ? failure.problem.status : undefined;
    const message =
      status === 404 ? t('followNotFound') : status === 429 ? t('rateLimited') : t('loadFailed');
    if (onFailure) onFailure(message);
    return;
  }
  const when = (iso: string | null) => formatTime(iso, config.locale, t('notYet'));
  const heading = h('h1', { tabindex: '-1' }, `${t('followTitle')} · ${view.identityCode}`);
  const facts = h(
    'dl',
    { class: 'ez-facts' },
    h('dt', {}, t('status')),
    h('dd', { class: 'ez-tip-status' }, labelFor(t, 'state', view.status)),
    view.outcome ? h('dt', {}, t('outcome')) : null,
    view.outcome ? h('dd', {}, labelFor(t, 'outcome', view.outcome)) : null,
    h('dt', {}, t('category')),
    h('dd', {}, labelFor(t, 'category', view.category)),
    h('dt', {}, t('submittedAt')),
    h('dd', {}, when(view.submittedAt)),
    h('dt', {}, t('acknowledgeBy')),
    h('dd', {}, when(view.deadlines.acknowledgeBy)),
    h('dt', {}, t('acknowledgedAt')),
    h('dd', {}, when(view.deadlines.acknowledgedAt)),
    h('dt', {}, t('feedbackBy')),
    h('dd', {}, when(view.deadlines.feedbackBy)),
    h('dt', {}, t('feedbackGivenAt')),
    h('dd', {}, when(view.deadlines.feedbackGivenAt)),
  );

  const messageList = h('ol', { class: 'ez-messages', 'aria-label': t('messages') });
  const showMessages = (messages: Message[]) => {
    messageList.replaceChildren(
      ...(messages.length === 0
        ? [h('li', { class: 'ez-muted' }, t('noMessages'))]
        : messages.map((m) =>
            h(
              'li',
              { class: `ez-message ez-from-${m.from}` },
              h(
                'p',
                { class: 'ez-message-meta' },
                `${m.from === 'handler' ? t('fromHandler') : t('fromReporter')} · ${when(m.sentAt)}`,
              ),
              h('p', { class: 'ez-message-body' }, m.body),
              m.attachments.length > 0
                ? h(
                    'p',
                    { class: 'ez-message-attachments ez-muted' },
                    t('attachments', {
                      count: m.attachments.length,
                      list: m.attachments
                        .map(
                          (a) =>
                            `${a.kind === 'video' ? t('attachmentVideo') : t('attachmentPhoto')} ${formatBytes(a.size)}`,
                        )
                        .join(', '),
                    }),
                  )
                : null,
            ),
          )),
    );
  };
  showMessages(view.messages);

  const replySummary = errorSummary(t);
  const reply = field(t, h('textarea', { rows: '4', maxlength: '5000' }), t('reply'), { required: true });
  // Files go through the same checks, limits and progress bars as the tip form's.
  const replyFiles = evidencePicker(t, config.limits, { label: t('replyEvidence') });
  const send = h('button', { type: 'submit', class: 'ez-primary' }, t('replySend'));
  const replyStatus = h('p', { class: 'ez-status', role: 'status', 'aria-live': 'polite' });
  const replyForm = h(
    'form',
    { novalidate: true },
    replySummary.element,
    reply.wrapper,
    ...replyFiles.elements,
    h('div', { class: 'ez-actions' }, send),
    replyStatus,
  );
  // A retry of the same text and files reuses the key, so a reply cut off mid-upload is stored once.
  let replyKey: { fingerprint: string; key: string } | undefined;
  replyForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = reply.control.value.trim();
    if (!body) {
      reply.setError(t('fieldRequired', { field: t('reply') }));
      return replySummary.show([t('fieldRequired', { field: t('reply') })]);
    }
    reply.setError(undefined);
    replySummary.clear();
    const fingerprint = JSON.stringify([body, replyFiles.fingerprint()]);
    if (replyKey?.fingerprint !== fingerprint) replyKey = { fingerprint, key: crypto.randomUUID() };
    send.disabled = true;
    replyStatus.textContent = t('replySending');
    try {
      await reporter.tips.postMessage(
        access,
        { body },
        {
          idempotencyKey: replyKey.key,
          evidence: replyFiles.evidence(),
          onUploadProgress: replyFiles.showProgress,
        },
      );
      replyKey = undefined;
      reply.control.value = '';
      replyFiles.clear();
      replyStatus.textContent = t('replySent');
      const { items } = await reporter.tips.listMessages(access);
      showMessages(items);
    } catch (error) {
      replyStatus.textContent = '';
      const failure = failureOf(error);
      // A refusal is final for this content: a corrected reply gets a new key.
      if (failure.kind === 'problem') replyKey = undefined;
      replySummary.show([
        failure.kind === 'problem'
          ? t('serverRefused', { detail: failure.problem.detail ?? String(failure.problem.status) })
          : t('networkLost'),
      ]);
    } finally {
      send.disabled = false;
    }
  });

  const rewardBox = h(
    'section',
    { 'aria-labelledby': 'ez-reward-title' },
    h('h2', { id: 'ez-reward-title' }, t('reward')),
  );
  const rewardStatus = h('p', { class: 'ez-status', role: 'status' });
  const reward = view.reward as RewardView | null;
  if (!reward) {
    rewardBox.append(h('p', {}, t('rewardNone')));
  } else {
    rewardBox.append(h('p', {}, t('rewardState', { state: labelFor(t, 'reward', reward.status ?? '') })));
    if (reward.status === 'claimable' && config.features.rewardClaim) {
      // A reward is paid to a reporter account: an anonymous reporter logs in (or registers
      // elsewhere first) so the claim names the account, which staff never see.
      if (config.features.reporterAccounts) {
        rewardBox.append(h('p', { class: 'ez-hint' }, t('rewardAccountHint')), reporterAccountBox(t).element);
      }
      const claim = h('button', { type: 'button', class: 'ez-primary' }, t('rewardClaim'));
      const claimKey = crypto.randomUUID();
      claim.addEventListener('click', async () => {
        claim.disabled = true;
        try {
          const state = await reporter.rewards.claim(access, {}, { idempotencyKey: claimKey });
          rewardStatus.textContent = `${t('rewardClaimed')} ${t('rewardState', { state: labelFor(t, 'reward', state.status) })}`;
          claim.remove();
        } catch (error) {
          claim.disabled = false;
          const failure = failureOf(error);
          rewardStatus.textContent =
            failure.kind === 'problem'
              ? t('serverRefused', { detail: failure.problem.detail ?? '' })
              : t('networkLost');
        }
      });
      rewardBox.append(claim);
    }
    rewardBox.append(rewardStatus);
  }

  const another = h('button', { type: 'button', class: 'ez-secondary' }, t('lookUpAnother'));
  another.addEventListener('click', () => renderFollowUpPage(context));

  replaceChildren(
    root,
    heading,
    facts,
    h('h2', {}, t('messages')),
    messageList,
    replyForm,
    rewardBox,
    view.identityAccessNotices.length > 0 ? h('h2', {}, t('identityNotices')) : null,
    view.identityAccessNotices.length > 0
      ? h(
          'ul',
          {},
          ...view.identityAccessNotices.map((notice) =>
            h(
              'li',
              {},
              Object.values(notice)
                .filter((v) => typeof v === 'string')
                .join(' · '),
            ),
          ),
        )
      : null,
    h('div', { class: 'ez-actions' }, another),
  );
  heading.focus();
}
