import type { TipSubmission } from '@ezhili/sdk';
import { failureOf, reporter } from './api.js';
import { h, replaceChildren } from './dom.js';
import { evidencePicker } from './evidence-picker.js';
import { errorSummary, field } from './form-field.js';
import { labelFor } from './i18n.js';
import type { PageContext } from './page-context.js';
import { reporterAccountBox } from './reporter-account.js';
import { type PickedShop, shopPicker } from './shop-picker.js';
import { renderReceipt } from './tip-receipt.js';

/** Local date-time for `<input type="datetime-local">`. */
function localDateTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function renderTipPage(context: PageContext): void {
  const { config, t, parent, root } = context;
  const summary = errorSummary(t);

  const description = field(t, h('textarea', { rows: '6', maxlength: '10000' }), t('description'), {
    hint: t('descriptionHint'),
    required: true,
  });
  let pickedShop: PickedShop | undefined;
  const shopName = field(t, h('input', { type: 'text', maxlength: '200' }), t('shopName'), { marker: false });
  const shopAddress = field(t, h('input', { type: 'text', maxlength: '500' }), t('shopAddress'), {
    marker: false,
  });
  const districtSelect = h('select', {}, h('option', { value: '' }, t('districtChoose')));
  const district = field(t, districtSelect, t('district'), { required: true });
  const categorySelect = h(
    'select',
    {},
    h('option', { value: '' }, t('categoryChoose')),
    ...config.categories.map((code) => h('option', { value: code }, labelFor(t, 'category', code))),
  );
  const category = field(t, categorySelect, t('category'), { required: true });
  const now = new Date();
  const observedAt = field(
    t,
    h('input', { type: 'datetime-local', value: localDateTime(now), max: localDateTime(now) }),
    t('observedAt'),
    { required: true },
  );
  const insider = h('input', { type: 'checkbox', id: 'ez-insider' });

  const picker = config.features.shopSearch
    ? shopPicker(t, (shop) => {
        pickedShop = shop;
        shopName.wrapper.hidden = Boolean(shop);
        shopAddress.wrapper.hidden = Boolean(shop);
        if (shop?.districtCode) districtSelect.value = shop.districtCode;
      })
    : undefined;

  // Evidence: checked on selection, listed with a progress bar each.
  const evidence = evidencePicker(t, config.limits);

  const account = config.features.reporterAccounts ? reporterAccountBox(t) : undefined;

  const submit = h('button', { type: 'submit', class: 'ez-primary' }, t('submit'));
  // Close asks the host app to take the form away; opened on its own, there is no host to ask.
  const close =
    window.parent !== window ? h('button', { type: 'button', class: 'ez-secondary' }, t('cancel')) : null;
  close?.addEventListener('click', () => parent.closed());
  const status = h('p', { class: 'ez-status', role: 'status', 'aria-live': 'polite' });

  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'ez-title' },
    summary.element,
    description.wrapper,
    h(
      'fieldset',
      {},
      h('legend', {}, t('shop'), ' ', h('span', { class: 'ez-muted' }, t('required'))),
      h('p', { class: 'ez-hint' }, t('shopHint')),
      picker?.element,
      shopName.wrapper,
      shopAddress.wrapper,
    ),
    district.wrapper,
    category.wrapper,
    observedAt.wrapper,
    h('div', { class: 'ez-check' }, insider, h('label', { for: 'ez-insider' }, t('insider'))),
    ...evidence.elements,
    account?.element,
    h('div', { class: 'ez-actions' }, submit, close),
    status,
  );

  replaceChildren(
    root,
    h('h1', { id: 'ez-title', tabindex: '-1' }, t('tipTitle')),
    h('p', { class: 'ez-intro' }, t('tipIntro')),
    form,
  );

  // Public lookups go without the reporter's session: nothing ties them to an account.
  reporter.reference
    .listDistricts({ token: null })
    .then(({ items }) => {
      districtSelect.append(
        ...items.map((d) => h('option', { value: d.code }, config.locale === 'en' ? d.nameEn : d.nameZh)),
      );
      if (pickedShop?.districtCode) districtSelect.value = pickedShop.districtCode;
    })
    .catch(() => {
      status.textContent = t('loadFailed');
    });

  function validate(): string[] {
    const messages: string[] = [];
    const require = (ok: boolean, target: { setError(m?: string): void }, message: string) => {
      target.setError(ok ? undefined : message);
      if (!ok) messages.push(message);
    };
    require(description.control.value.trim().length > 0, description, t('fieldRequired', {
      field: t('description'),
    }));
    const manualShop = shopName.control.value.trim() && shopAddress.control.value.trim();
    require(Boolean(pickedShop || manualShop), shopName, t('shopRequired'));
    require(Boolean(districtSelect.value), district, t('fieldRequired', { field: t('district') }));
    require(Boolean(categorySelect.value), category, t('fieldRequired', { field: t('category') }));
    require(Boolean(observedAt.control.value), observedAt, t('fieldRequired', { field: t('observedAt') }));
    return messages;
  }

  function tipBody(): TipSubmission {
    const observed = new Date(observedAt.control.value);
    return {
      description: description.control.value.trim(),
      shop: pickedShop
        ? { platformId: pickedShop.platformId, platformShopId: pickedShop.platformShopId }
        : { name: shopName.control.value.trim(), address: shopAddress.control.value.trim() },
      districtCode: districtSelect.value,
      category: categorySelect.value,
      observedAt: (Number.isNaN(observed.getTime()) ? new Date() : observed).toISOString(),
      insider: insider.checked,
      // Counted in the partner's monthly totals only; never stored with the tip.
      ...(config.entryPoint && { referral: { partnerId: config.partnerId, entryPoint: config.entryPoint } }),
    };
  }

  // One key per distinct submission: a retry of the same content reuses it, so the server
  // answers with the first tip instead of opening a second one.
  let attempt: { fingerprint: string; key: string } | undefined;
  let busy = false;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    const problems = validate();
    if (problems.length > 0) {
      summary.show(problems);
      return;
    }
    summary.clear();
    const tip = tipBody();
    const fingerprint = JSON.stringify([tip, evidence.fingerprint()]);
    if (attempt?.fingerprint !== fingerprint) attempt = { fingerprint, key: crypto.randomUUID() };
    busy = true;
    submit.disabled = true;
    submit.textContent = t('submitting');
    status.textContent = t('submitting');
    try {
      const receipt = await reporter.tips.submit(tip, {
        idempotencyKey: attempt.key,
        evidence: evidence.evidence(),
        onUploadProgress: evidence.showProgress,
      });
      parent.submitted();
      renderReceipt(context, receipt);
    } catch (error) {
      busy = false;
      submit.disabled = false;
      const failure = failureOf(error);
      if (failure.kind === 'network') {
        submit.textContent = t('retry');
        summary.show([t('networkLost')]);
      } else {
        submit.textContent = t('submit');
        const { problem } = failure;
        const detail =
          problem.status === 429
            ? t('rateLimited')
            : t('serverRefused', {
                detail: [problem.detail, ...(problem.errors ?? []).map((e) => e.detail)]
                  .filter(Boolean)
                  .join(' '),
              });
        // A refusal is final for this content: a corrected form gets a new key.
        attempt = undefined;
        summary.show([detail]);
      }
      status.textContent = '';
    }
  });
}
