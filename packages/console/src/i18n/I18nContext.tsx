import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { en } from './en.js';
import { type MessageKey, zh } from './zh.js';

export type Locale = 'zh-CN' | 'en-US';

const MESSAGES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zh, 'en-US': en };
const STORAGE_KEY = 'ezhili.console.locale';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** `{name}` placeholders filled from params. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const text = MESSAGES[locale][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Whether `key` is one of the console's messages (for keys built from server values). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zh, key);
}

interface I18nValue {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'zh-CN' || saved === 'en-US') return saved;
  } catch {
    // Storage may be off; the default applies.
  }
  return 'zh-CN';
}

export function I18nProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => fixed ?? initialLocale());
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      // Only the language preference is stored; never a token or anything about a case.
      globalThis.localStorage?.setItem(STORAGE_KEY, next);
    } catch {
      // Not fatal.
    }
    document.documentElement.lang = next;
  }, []);
  const t = useCallback<Translate>((key, params) => translate(locale, key, params), [locale]);
  const value = useMemo(() => ({ locale, setLocale, t }), [locale, setLocale, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}

/** A violation category's name; a deployment's own categories show their code. */
export function useCategoryLabel(): (category: string) => string {
  const t = useT();
  return (category) => {
    const key = `category.${category}`;
    return isMessageKey(key) ? t(key) : category;
  };
}
