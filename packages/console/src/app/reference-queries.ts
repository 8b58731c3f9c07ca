import type { Schema } from '@ezhili/sdk';
import { useQuery } from '@tanstack/react-query';
import { useClient } from '../auth/AuthContext.js';
import { useI18n } from '../i18n/I18nContext.js';

export type District = Schema<'District'>;

/** The deployment's districts (reference data; changes rarely). */
export function useDistricts() {
  const client = useClient();
  return useQuery({
    queryKey: ['districts'],
    queryFn: async () => (await client.reference.listDistricts()).items,
    staleTime: 60 * 60_000,
  });
}

/** A district's name in the current language, its code while the list loads. */
export function useDistrictName(): (code: string | null | undefined) => string {
  const { data } = useDistricts();
  const { locale } = useI18n();
  return (code) => {
    if (!code) return '—';
    const district = data?.find((entry) => entry.code === code);
    if (!district) return code;
    return locale === 'zh-CN' ? district.nameZh : district.nameEn;
  };
}
