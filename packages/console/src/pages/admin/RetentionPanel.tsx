import type { Schema } from '@ezhili/sdk';
import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Space, Table, Typography } from 'antd';
import { useClient } from '../../auth/AuthContext.js';
import { formatDateTime } from '../../format/dates.js';
import { useI18n } from '../../i18n/I18nContext.js';

type Category = Schema<'RetentionStatus'>['categories'][number];

/**
 * Retention at a glance: each category's period, what the next run would delete (the dry run's
 * counts), how many cases are held, and the last run. Counts only (getRetentionStatus).
 */
export function RetentionPanel() {
  const { t, locale } = useI18n();
  const client = useClient();
  const status = useQuery({ queryKey: ['retention', 'status'], queryFn: () => client.retention.status() });
  if (status.error) return <Alert type="error" showIcon title={status.error.message} />;
  const data = status.data;
  const last = data?.lastRun ?? null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('retention.help')}</Typography.Paragraph>
      <Table<Category>
        rowKey="category"
        size="small"
        loading={status.isPending}
        dataSource={data?.categories ?? []}
        pagination={false}
        aria-label={t('retention.title')}
        columns={[
          {
            title: t('retention.category'),
            dataIndex: 'category',
            render: (c: Category['category']) => t(`retention.${c}`),
          },
          {
            title: t('retention.kept'),
            dataIndex: 'days',
            render: (days: number, row) =>
              t(row.countsFrom === 'event_time' ? 'retention.daysAfterEvent' : 'retention.daysAfterClosure', {
                days,
              }),
          },
          { title: t('retention.due'), dataIndex: 'due' },
          ...(last
            ? [
                {
                  title: t('retention.lastDeleted'),
                  render: (_: unknown, row: Category) => last.deleted[row.category],
                },
              ]
            : []),
        ]}
      />
      {data ? (
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('retention.heldCases')}>{data.heldCases}</Descriptions.Item>
          <Descriptions.Item label={t('retention.schedule')}>
            {data.schedule.everyHours > 0
              ? t('retention.everyHours', { hours: data.schedule.everyHours })
              : t('retention.cliOnly')}
          </Descriptions.Item>
          <Descriptions.Item label={t('retention.lastRun')}>
            {last
              ? `${formatDateTime(last.startedAt, locale)} · ${t('retention.casesAffected', { count: last.casesAffected })}`
              : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('retention.asOf')}>
            {formatDateTime(data.asOf, locale)}
          </Descriptions.Item>
        </Descriptions>
      ) : null}
    </Space>
  );
}
