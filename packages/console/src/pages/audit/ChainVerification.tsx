import type { Result } from '@ezhili/sdk';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Radio, Space } from 'antd';
import { useState } from 'react';
import { useClient } from '../../auth/AuthContext.js';
import { formatDateTime } from '../../format/dates.js';
import { useI18n } from '../../i18n/I18nContext.js';

type Verification = Result<'verifyAuditChain'>;

/** Recomputes the hash chain; an intact result names the head, a broken one the first broken event. */
export function VerificationResult({ result }: { result: Verification }) {
  const { t, locale } = useI18n();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {result.intact ? (
        <Alert type="success" showIcon title={t('audit.intact', { count: result.eventsChecked })} />
      ) : (
        <Alert
          type="error"
          showIcon
          title={t('audit.broken', { seq: result.firstBrokenSeq ?? '?' })}
          description={result.reason ?? undefined}
        />
      )}
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('audit.mode')}>{t(`audit.mode.${result.mode}`)}</Descriptions.Item>
        <Descriptions.Item label={t('audit.eventsChecked')}>
          {result.eventsChecked} ({t('audit.fromSeq', { seq: result.fromSeq })})
        </Descriptions.Item>
        <Descriptions.Item label={t('audit.head')}>
          {result.headSeq ?? '—'} · {result.headHash?.slice(0, 16) ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('audit.checkpoints')}>{result.checkpointsChecked}</Descriptions.Item>
        {result.tombstoned && result.tombstoned.events > 0 ? (
          <Descriptions.Item label={t('audit.tombstoned')}>
            {result.tombstoned.events} (
            {result.tombstoned.ranges.map((range) => `${range.fromSeq}–${range.toSeq}`).join(', ')}
            {result.tombstoned.rangesTruncated ? ', …' : ''})
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('audit.verifiedAt')}>
          {formatDateTime(result.verifiedAt, locale)}
        </Descriptions.Item>
      </Descriptions>
    </Space>
  );
}

export function ChainVerification() {
  const { t } = useI18n();
  const client = useClient();
  const [mode, setMode] = useState<'incremental' | 'full'>('incremental');
  const verify = useMutation({ mutationFn: () => client.audit.verifyChain({ mode }) });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Radio.Group
          value={mode}
          onChange={(event) => setMode(event.target.value)}
          options={[
            { value: 'incremental', label: t('audit.mode.incremental') },
            { value: 'full', label: t('audit.mode.full') },
          ]}
        />
        <Button type="primary" loading={verify.isPending} onClick={() => verify.mutate()}>
          {t('audit.verify')}
        </Button>
      </Space>
      {verify.error ? <Alert type="error" showIcon title={verify.error.message} /> : null}
      {verify.data ? <VerificationResult result={verify.data} /> : null}
    </Space>
  );
}
