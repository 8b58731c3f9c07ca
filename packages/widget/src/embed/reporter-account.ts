import { failureOf, reporter } from './api.js';
import { h, uid } from './dom.js';
import type { Translate } from './i18n.js';

/**
 * Optional login to a reporter account. The session token is kept in the SDK client in this
 * page's memory only (no cookie, no storage), so closing the form logs out; the tip submitted
 * while logged in is linked to the account.
 */
export function reporterAccountBox(t: Translate) {
  const name = uid('acct');
  const anonymous = h('input', {
    type: 'radio',
    name,
    id: `${name}-anon`,
    value: 'anonymous',
    checked: true,
  });
  const withAccount = h('input', { type: 'radio', name, id: `${name}-login`, value: 'login' });
  const phone = h('input', { type: 'tel', id: `${name}-phone`, autocomplete: 'username', maxlength: '20' });
  const password = h('input', {
    type: 'password',
    id: `${name}-pass`,
    autocomplete: 'current-password',
    maxlength: '1024',
  });
  const loginButton = h('button', { type: 'button', class: 'ez-secondary' }, t('loginButton'));
  const message = h('p', { class: 'ez-status', role: 'status' });
  const loginFields = h(
    'div',
    { class: 'ez-login', hidden: true },
    h('div', { class: 'ez-field' }, h('label', { for: phone.id }, t('phone')), phone),
    h('div', { class: 'ez-field' }, h('label', { for: password.id }, t('password')), password),
    loginButton,
  );
  const logout = h('button', { type: 'button', class: 'ez-link', hidden: true }, t('logout'));

  const sync = () => {
    loginFields.hidden = !withAccount.checked || reporter.token !== undefined;
  };
  anonymous.addEventListener('change', () => {
    if (reporter.token !== undefined) reporter.reporters.logout().catch(() => reporter.setToken(undefined));
    message.textContent = '';
    logout.hidden = true;
    sync();
  });
  withAccount.addEventListener('change', sync);
  loginButton.addEventListener('click', async () => {
    try {
      await reporter.reporters.login({ phone: phone.value.trim(), passphrase: password.value });
      password.value = '';
      message.textContent = t('loggedIn');
      logout.hidden = false;
    } catch (error) {
      const failure = failureOf(error);
      message.textContent =
        failure.kind === 'problem' && failure.problem.status === 429 ? t('rateLimited') : t('loginFailed');
    }
    sync();
  });
  logout.addEventListener('click', () => {
    reporter.reporters.logout().catch(() => reporter.setToken(undefined));
    anonymous.checked = true;
    message.textContent = '';
    logout.hidden = true;
    sync();
  });

  const element = h(
    'fieldset',
    {},
    h('legend', {}, t('account')),
    h('p', { class: 'ez-hint' }, t('accountHint')),
    h('div', { class: 'ez-check' }, anonymous, h('label', { for: anonymous.id }, t('anonymous'))),
    h('div', { class: 'ez-check' }, withAccount, h('label', { for: withAccount.id }, t('login'))),
    loginFields,
    message,
    logout,
  );
  return { element };
}
