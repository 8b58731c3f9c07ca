import type { Schema } from '@ezhili/sdk';
import { Timeline, Typography } from 'antd';
import { formatDateTime } from '../../format/dates.js';
import { formatYuan } from '../../format/money.js';
import { useI18n } from '../../i18n/I18nContext.js';
import type { MessageKey } from '../../i18n/zh.js';

type Transition = Schema<'CaseTransition'>;

const COLOURS: Record<Transition['action'], string> = {
  received: 'gray',
  accept: 'blue',
  reject: 'red',
  merge: 'gray',
  investigate: 'purple',
  close: 'green',
  reroute: 'orange',
  assign_officer: 'cyan',
};

/** Every transition of the case, oldest first, with who made it and why. */
export function CaseTimeline({ transitions }: { transitions: readonly Transition[] }) {
  const { t, locale } = useI18n();
  return (
    <Timeline
      items={transitions.map((transition) => {
        const details = transition.details as Record<string, unknown>;
        const reason = typeof details['reason'] === 'string' ? details['reason'] : null;
        const penalty = typeof details['penaltyFen'] === 'number' ? details['penaltyFen'] : null;
        const outcome = typeof details['outcome'] === 'string' ? details['outcome'] : null;
        return {
          key: transition.id,
          color: COLOURS[transition.action],
          content: (
            <>
              <Typography.Text strong>{t(`timeline.${transition.action}` as MessageKey)}</Typography.Text> →{' '}
              {t(`case.state.${transition.toState}`)}
              <br />
              <Typography.Text type="secondary">
                {formatDateTime(transition.at, locale)} · {transition.actor}
              </Typography.Text>
              {outcome ? <div>{t(`case.outcome.${outcome}` as MessageKey)}</div> : null}
              {penalty !== null ? (
                <div>{t('case.penalty', { amount: formatYuan(penalty, locale) })}</div>
              ) : null}
              {reason ? <div>{reason}</div> : null}
            </>
          ),
        };
      })}
    />
  );
}
