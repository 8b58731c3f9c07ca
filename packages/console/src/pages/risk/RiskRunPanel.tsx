import type { Result } from '@ezhili/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Descriptions, Form, Progress, Space } from 'antd';
import { useState } from 'react';
import { useClient } from '../../auth/AuthContext.js';
import { formatDateTime } from '../../format/dates.js';
import { useI18n } from '../../i18n/I18nContext.js';

type RiskRun = Result<'getRiskRun'>;

/** Starts a risk run and follows it until it has finished (polling while it runs). */
export function RiskRunPanel() {
  const { t, locale } = useI18n();
  const client = useClient();
  const queryClient = useQueryClient();
  const [runId, setRunId] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: (values: { createTasks: boolean; createLeads: boolean }) => client.risk.createRun(values),
    onSuccess: (run) => {
      setRunId(run.id);
      queryClient.setQueryData(['risk', 'run', run.id], run);
    },
  });
  const run = useQuery({
    queryKey: ['risk', 'run', runId],
    queryFn: () => client.risk.getRun(runId!),
    enabled: runId !== null,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 1000 : false),
  });
  const current: RiskRun | undefined = run.data;
  if (current && current.status !== 'running')
    void queryClient.invalidateQueries({ queryKey: ['risk', 'shops'] });
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Form
        layout="inline"
        initialValues={{ createTasks: true, createLeads: false }}
        onFinish={(values: { createTasks: boolean; createLeads: boolean }) => start.mutate(values)}
        aria-label={t('risk.run')}
      >
        <Form.Item name="createTasks" valuePropName="checked">
          <Checkbox>{t('risk.createTasks')}</Checkbox>
        </Form.Item>
        <Form.Item name="createLeads" valuePropName="checked">
          <Checkbox>{t('risk.createLeads')}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={start.isPending}>
          {t('risk.run')}
        </Button>
      </Form>
      {start.error ? <Alert type="error" showIcon title={start.error.message} /> : null}
      {current ? (
        <>
          <Progress
            percent={current.status === 'running' ? 50 : 100}
            status={
              current.status === 'failed' ? 'exception' : current.status === 'running' ? 'active' : 'success'
            }
            format={() => t(`risk.status.${current.status}`)}
          />
          <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label="ID">{current.id}</Descriptions.Item>
            <Descriptions.Item label={t('risk.asOf')}>{current.asOf}</Descriptions.Item>
            <Descriptions.Item label={t('risk.shopsScored')}>{current.shopsScored}</Descriptions.Item>
            <Descriptions.Item label={t('risk.tiers')}>
              {(['A', 'B', 'C', 'D'] as const)
                .map((tier) => `${tier} ${current.tierCounts[tier]}`)
                .join(' · ')}
            </Descriptions.Item>
            <Descriptions.Item label={t('risk.tasksCreated')}>{current.tasks.created}</Descriptions.Item>
            <Descriptions.Item label={t('risk.leadsCreated')}>{current.leads.created}</Descriptions.Item>
            <Descriptions.Item label={t('risk.finishedAt')}>
              {formatDateTime(current.finishedAt, locale)}
            </Descriptions.Item>
            <Descriptions.Item label={t('risk.duration')}>{current.durationMs ?? '—'} ms</Descriptions.Item>
          </Descriptions>
        </>
      ) : null}
    </Space>
  );
}
