import { h, uid } from './dom.js';
import type { Translate } from './i18n.js';

/**
 * A labelled control with its hint and its error message linked through `aria-describedby`, so
 * screen readers announce all three together.
 */
export interface Field<E extends HTMLElement> {
  wrapper: HTMLElement;
  control: E;
  setError(message: string | undefined): void;
}

export function field<E extends HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
  t: Translate,
  control: E,
  label: string,
  options: { hint?: string; required?: boolean; marker?: boolean } = {},
): Field<E> {
  const id = control.id || uid('field');
  control.id = id;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const error = h('p', { id: errorId, class: 'ez-error', hidden: true });
  const describedBy = [options.hint ? hintId : '', errorId].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', describedBy);
  if (options.required) control.setAttribute('aria-required', 'true');
  const wrapper = h(
    'div',
    { class: 'ez-field' },
    h(
      'label',
      { for: id },
      label,
      options.marker === false ? null : ' ',
      options.marker === false
        ? null
        : h('span', { class: 'ez-muted' }, options.required ? t('required') : t('optional')),
    ),
    options.hint ? h('p', { id: hintId, class: 'ez-hint' }, options.hint) : null,
    control,
    error,
  );
  return {
    wrapper,
    control,
    setError(message) {
      error.textContent = message ?? '';
      error.hidden = !message;
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    },
  };
}

/** An error summary that lists problems and takes focus, the GOV.UK pattern. */
export function errorSummary(t: Translate) {
  const list = h('ul');
  const box = h(
    'div',
    { class: 'ez-alert', role: 'alert', tabindex: '-1', hidden: true },
    h('p', { class: 'ez-alert-title' }, t('fixErrors')),
    list,
  );
  return {
    element: box,
    show(messages: string[]) {
      list.replaceChildren(...messages.map((message) => h('li', {}, message)));
      box.hidden = messages.length === 0;
      if (messages.length > 0) box.focus();
    },
    clear() {
      list.replaceChildren();
      box.hidden = true;
    },
  };
}
