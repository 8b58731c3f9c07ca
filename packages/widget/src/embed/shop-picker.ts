import type { Schema } from '@ezhili/sdk';
import { reporter } from './api.js';
import { h, uid } from './dom.js';
import type { Translate } from './i18n.js';

export interface PickedShop {
  platformId: string;
  platformShopId: string;
  name: string;
  districtCode: string | null;
}

type ShopHit = Schema<'ShopSearchHit'>;

/**
 * The shop search as an ARIA 1.2 combobox: type, move through results with the arrow keys,
 * Enter picks, Escape closes. Only shops listed by a platform can be picked (the tip names them by
 * platform and shop id); any other shop is entered by name and address instead.
 */
export function shopPicker(t: Translate, onPick: (shop: PickedShop | undefined) => void) {
  const inputId = uid('shop-search');
  const listId = uid('shop-results');
  const hintId = `${inputId}-hint`;
  const input = h('input', {
    id: inputId,
    type: 'text',
    role: 'combobox',
    autocomplete: 'off',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    'aria-describedby': hintId,
    maxlength: '100',
  });
  const list = h('ul', {
    id: listId,
    role: 'listbox',
    class: 'ez-listbox',
    'aria-label': t('shopResults'),
    hidden: true,
  });
  const status = h('p', { class: 'ez-hint', role: 'status' });
  const selected = h('p', { class: 'ez-selected', hidden: true });
  const clear = h('button', { type: 'button', class: 'ez-link' }, t('shopClear'));
  let hits: ShopHit[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sequence = 0;

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function highlight(index: number) {
    active = index;
    for (const [i, option] of [...list.children].entries())
      option.setAttribute('aria-selected', String(i === index));
    const option = list.children[index];
    if (option) {
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    }
  }

  function pick(hit: ShopHit) {
    close();
    input.value = hit.name;
    selected.textContent = `${t('shopSelected')}${hit.name}${hit.address ? ` · ${hit.address}` : ''}`;
    selected.append(' ', clear);
    selected.hidden = false;
    onPick({
      platformId: hit.platformId!,
      platformShopId: hit.platformShopId!,
      name: hit.name,
      districtCode: hit.districtCode ?? null,
    });
  }

  clear.addEventListener('click', () => {
    selected.hidden = true;
    input.value = '';
    onPick(undefined);
    input.focus();
  });

  async function search(query: string) {
    const mine = ++sequence;
    try {
      const result = await reporter.shops.search({ q: query, limit: 8 }, { token: null, maxRetries: 0 });
      if (mine !== sequence) return;
      hits = result.items.filter((hit) => hit.platformId && hit.platformShopId);
    } catch {
      if (mine !== sequence) return;
      hits = [];
    }
    list.replaceChildren(
      ...hits.map((hit, index) => {
        const option = h(
          'li',
          { id: `${listId}-${index}`, role: 'option', 'aria-selected': 'false' },
          hit.name,
          hit.address ? h('span', { class: 'ez-muted' }, ` · ${hit.address}`) : null,
        );
        option.addEventListener('mousedown', (event) => event.preventDefault());
        option.addEventListener('click', () => pick(hit));
        return option;
      }),
    );
    list.hidden = hits.length === 0;
    input.setAttribute('aria-expanded', String(hits.length > 0));
    status.textContent = hits.length === 0 ? t('shopNoResults') : '';
    active = -1;
  }

  input.addEventListener('input', () => {
    if (!selected.hidden) {
      selected.hidden = true;
      onPick(undefined);
    }
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < 2) {
      close();
      status.textContent = '';
      return;
    }
    timer = setTimeout(() => void search(query), 250);
  });
  input.addEventListener('keydown', (event) => {
    if (list.hidden) return;
    if (event.key === 'ArrowDown') highlight(Math.min(hits.length - 1, active + 1));
    else if (event.key === 'ArrowUp') highlight(Math.max(0, active - 1));
    else if (event.key === 'Enter' && active >= 0) pick(hits[active]!);
    else if (event.key === 'Escape') close();
    else return;
    event.preventDefault();
  });
  input.addEventListener('blur', () => setTimeout(close, 150));

  const element = h(
    'div',
    { class: 'ez-field ez-combobox' },
    h('label', { for: inputId }, t('shopSearch')),
    h('p', { id: hintId, class: 'ez-hint' }, t('shopSearchHint')),
    input,
    list,
    status,
    selected,
  );
  return { element };
}
