import { DatePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import { useT } from '../../i18n/I18nContext.js';
import type { Period } from './period.js';

/** The date-range picker, loaded only when "custom" is chosen (it is large). */
export default function CustomPeriod({ onRange }: { onRange(range: Period): void }) {
  const t = useT();
  return (
    <DatePicker.RangePicker
      aria-label={t('period.custom')}
      onChange={(range: null | [Dayjs | null, Dayjs | null]) => {
        const [start, end] = range ?? [];
        if (start && end) onRange({ from: start.format('YYYY-MM-DD'), to: end.format('YYYY-MM-DD') });
      }}
    />
  );
}
