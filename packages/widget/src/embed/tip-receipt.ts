import type { Schema } from '@ezhili/sdk';
import { reporter } from './api.js';
import { h, replaceChildren, uid } from './dom.js';
import { renderFollowUp } from './follow-up-page.js';
import type { PageContext } from './page-context.js';

export type TipReceipt = Schema<'TipReceipt'>;

/** Copies text: the Clipboard API where the frame may use it, else a selection and execCommand. */
async function copyText(input: HTMLInputElement | HTMLTextAreaElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    input.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

/**
 * The one screen that shows the receipt secret. It lives only in this page's memory: nothing is
 * stored, and "done" wipes it from the DOM.
 */
export function renderReceipt(context: PageContext, receipt: TipReceipt): void {
  const { t, root, config, parent } = context;
  const heading = h('h1', { tabindex: '-1' }, t('successTitle'));
  const status = h('p', { class: 'ez-status', role: 'status', 'aria-live': 'polite' });

  const secretRow = (label: string, value: string, className: string) => {
    const id = uid('receipt');
    // A textarea, so a long secret wraps instead of hiding behind the edge on a phone.
    const input = h(
      'textarea',
      {
        id,
        readonly: true,
        rows: '1',
        class: `ez-code ${className}`,
        spellcheck: 'false',
        autocomplete: 'off',
      },
      value,
    );
    const copy = h('button', { type: 'button', class: 'ez-secondary' }, t('copy'));
    copy.addEventListener('click', async () => {
      status.textContent = (await copyText(input)) ? `${label}: ${t('copied')}` : t('copyFailed');
    });
    return h(
      'div',
      { class: 'ez-field' },
      h('label', { for: id }, label),
      h('div', { class: 'ez-row' }, input, copy),
    );
  };

  const followUrl = `${location.origin}/embed/follow-up?${new URLSearchParams({ partner: config.partnerId, locale: config.locale })}`;
  const download = h('button', { type: 'button', class: 'ez-secondary' }, t('download'));
  download.addEventListener('click', () => {
    const text = [
      t('receiptFileTitle'),
      '',
      `${t('identityCode')}: ${receipt.identityCode}`,
      `${t('receiptSecret')}: ${receipt.receiptSecret}`,
      `${t('submittedAt')}: ${receipt.submittedAt}`,
      `${t('followTitle')}: ${followUrl}`,
      '',
      t('receiptFileWarning'),
      '',
      'receipt (JWS):',
      receipt.receipt,
      '',
    ].join('\n');
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = h('a', { href: url, download: `ezhili-${receipt.identityCode}.txt` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });

  const followNow = h('button', { type: 'button', class: 'ez-secondary' }, t('followUpNow'));
  followNow.addEventListener('click', () =>
    renderFollowUp(
      context,
      { identityCode: receipt.identityCode, receiptSecret: receipt.receiptSecret },
      (failure) => {
        status.textContent = failure;
      },
    ),
  );
  const done = h('button', { type: 'button', class: 'ez-primary' }, t('done'));
  done.addEventListener('click', () => {
    // Nothing of this report stays behind: the reporter session (if any) ends with it.
    if (reporter.token !== undefined) reporter.reporters.logout().catch(() => reporter.setToken(undefined));
    replaceChildren(root, h('h1', { tabindex: '-1' }, t('successTitle')));
    (root.firstElementChild as HTMLElement).focus();
    parent.closed();
  });

  replaceChildren(
    root,
    heading,
    h('p', {}, t('successIntro')),
    h('div', { class: 'ez-warning', role: 'note' }, h('strong', {}, t('warningOnce'))),
    secretRow(t('identityCode'), receipt.identityCode, 'ez-identity-code'),
    secretRow(t('receiptSecret'), receipt.receiptSecret, 'ez-receipt-secret'),
    h('div', { class: 'ez-actions' }, download),
    status,
    h('h2', {}, t('followUpTitle')),
    h('p', {}, t('followUpText')),
    h('div', { class: 'ez-actions' }, done, followNow),
  );
  heading.focus();
}
