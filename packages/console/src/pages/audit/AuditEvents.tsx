import type { Schema } from '@ezhili/sdk';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useClient } from '../../auth/AuthContext.js';
import { formatDateTime } from '../../format/dates.js';
import { useI18n } from '../../i18n/I18nContext.js';

type AuditEvent = Schema<'AuditEvent'>;

interface EventFilter {
  action?: string;
  subjectType?: string;
  subjectId?: string;
}

/** Audit events newest first, filtered by action and subject, paged back with `beforeSeq`. */
export function AuditEvents() {
  const { t, locale } = useI18n();
  const client = useClient();
  const [filter, setFilter] = useState<EventFilter>({});
  const events = useInfiniteQuery({
    queryKey: ['audit', 'events', filter],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) =>
      client.audit.listEvents({
        ...(filter.action ? { action: filter.action } : {}),
        ...(filter.subjectType ? { subjectType: filter.subjectType } : {}),
        ...(filter.subjectId ? { subjectId: filter.subjectId } : {}),
        ...(pageParam ? { beforeSeq: pageParam } : {}),
        limit: 100,
      }),
    getNextPageParam: (page) => page.nextBeforeSeq ?? undefined,
  });
  const rows = events.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form<EventFilter>
        layout="inline"
        onFinish={(values) =>
          setFilter({
            action: values.action?.trim() || undefined,
            subjectType: values.subjectType?.trim() || undefined,
            subjectId: values.subjectId?.trim() || undefined,
          })
        }
        aria-label={t('audit.filter')}
      >
        <Form.Item name="action" label={t('audit.action')}>
          <Input placeholder="case.triage.accept" allowClear />
        </Form.Item>
        <Form.Item name="subjectType" label={t('audit.subjectType')}>
          <Input placeholder="case" allowClear />
        </Form.Item>
        <Form.Item name="subjectId" label={t('audit.subjectId')}>
          <Input allowClear />
        </Form.Item>
        <Button htmlType="submit">{t('common.search')}</Button>
      </Form>
      {events.error ? <Alert type="error" showIcon title={events.error.message} /> : null}
      <Table<AuditEvent>
        rowKey="seq"
        size="small"
        loading={events.isPending || events.isFetchingNextPage}
        dataSource={rows}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: '#', dataIndex: 'seq' },
          { title: t('common.at'), dataIndex: 'at', render: (at: string) => formatDateTime(at, locale) },
          { title: t('audit.action'), dataIndex: 'action' },
          {
            title: t('common.by'),
            dataIndex: 'actor',
            render: (actor: AuditEvent['actor'], event) =>
              event.tombstoned ? '—' : `${actor.type}:${actor.id}`,
          },
          {
            title: t('audit.subject'),
            dataIndex: 'subject',
            render: (subject: AuditEvent['subject']) => (subject ? `${subject.type}:${subject.id}` : '—'),
          },
          {
            title: t('audit.details'),
            dataIndex: 'details',
            // A tombstone keeps seq, time, action and hash; retention removed who, on what and the details.
            render: (details: Record<string, unknown>, event) =>
              event.tombstoned ? (
                <Tag title={t('audit.tombstonedHelp')}>{t('audit.tombstoned')}</Tag>
              ) : (
                <Typography.Text code style={{ fontSize: 12 }}>
                  {JSON.stringify(details)}
                </Typography.Text>
              ),
          },
          {
            title: t('audit.hash'),
            dataIndex: 'hash',
            render: (hash: string) => <Typography.Text code>{hash.slice(0, 12)}…</Typography.Text>,
          },
        ]}
      />
      {events.hasNextPage ? (
        <Button onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
          {t('common.more')}
        </Button>
      ) : null}
    </Space>
  );
}
