import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { can } from '../../access/operation-roles.js';
import { useRoles } from '../../auth/AuthContext.js';
import { Chart } from '../../charts/Chart.js';
import { formatDateTime } from '../../format/dates.js';
import { useI18n } from '../../i18n/I18nContext.js';
import { IssueCardForm, PlatformSettingsForm } from './PlatformForms.js';
import {
  type Lead,
  lastMonths,
  type PlatformCard,
  type PlatformScorecard,
  useDeliveries,
  usePlatform,
  usePlatformCards,
  usePlatformLeads,
  useRetryDelivery,
  useScorecards,
  type WebhookDelivery,
} from './platform-queries.js';

const rate = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

function Scorecards({ platformId }: { platformId: string }) {
  const { t } = useI18n();
  const roles = useRoles();
  const periods = useMemo(() => lastMonths(new Date().toISOString().slice(0, 10), 6), []);
  const results = useScorecards(platformId, periods);
  const cards = results
    .map((result) => result.data)
    .filter((card): card is PlatformScorecard => Boolean(card));
  const latest = cards.at(-1);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 40, bottom: 30, top: 40 },
      xAxis: { type: 'category', data: cards.map((card) => card.period) },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      ],
      series: [
        { name: t('scorecard.leadsReceived'), type: 'bar', data: cards.map((card) => card.leadsReceived) },
        { name: t('dashboard.takeDowns'), type: 'bar', data: cards.map((card) => card.takeDowns) },
        {
          name: t('dashboard.takeDownsInTime'),
          type: 'bar',
          data: cards.map((card) => card.takeDownsInTime),
        },
        {
          name: t('scorecard.takeDownRate'),
          type: 'line',
          yAxisIndex: 1,
          data: cards.map((card) =>
            card.takeDownInTimeRate === null ? null : card.takeDownInTimeRate * 100,
          ),
        },
      ],
    }),
    [cards, t],
  );
  if (results.some((result) => result.isPending)) return <Spin />;
  const error = results.find((result) => result.error)?.error;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {error ? <Alert type="error" showIcon title={error.message} /> : null}
      <Chart option={option} label={t('scorecard.chart')} />
      {latest ? (
        <Row gutter={[16, 16]}>
          {(
            [
              ['scorecard.leadsReceived', latest.leadsReceived],
              ['scorecard.ackRate', rate(latest.acknowledgedInTimeRate)],
              ['scorecard.takeDownRate', rate(latest.takeDownInTimeRate)],
              [
                'dashboard.leadToAction',
                latest.medianLeadToActionSeconds === null
                  ? '—'
                  : t('dashboard.hours', { value: (latest.medianLeadToActionSeconds / 3600).toFixed(1) }),
              ],
              ['dashboard.relistingApproved', latest.relisting.approved],
              ['scorecard.relistingPending', latest.relisting.pending],
              ['dashboard.yellowCards', latest.cards.yellow],
              ['dashboard.redCards', latest.cards.red],
            ] as const
          ).map(([label, value]) => (
            <Col key={label} xs={12} md={6}>
              <Card size="small">
                <Statistic title={`${t(label)} · ${latest.period}`} value={value} />
              </Card>
            </Col>
          ))}
        </Row>
      ) : null}
      {latest && latest.proposedCards.length > 0 ? (
        <Card size="small" title={t('scorecard.proposedCards')}>
          {latest.proposedCards.map((proposal) => (
            <Space
              key={`${proposal.ruleId}-${proposal.color}`}
              orientation="vertical"
              style={{ width: '100%' }}
            >
              <Typography.Text>
                <Tag color={proposal.color === 'red' ? 'red' : 'gold'}>{t(`card.${proposal.color}`)}</Tag>
                {proposal.reason} ({proposal.ruleId})
              </Typography.Text>
              {can(roles, 'issuePlatformCard') ? (
                <IssueCardForm platformId={platformId} proposal={{ ...proposal, period: latest.period }} />
              ) : null}
            </Space>
          ))}
        </Card>
      ) : null}
    </Space>
  );
}

function Leads({ platformId }: { platformId: string }) {
  const { t, locale } = useI18n();
  const [status, setStatus] = useState<Lead['status'] | undefined>();
  const [overdue, setOverdue] = useState(false);
  const leads = usePlatformLeads(platformId, {
    ...(status ? { status } : {}),
    ...(overdue ? { overdue: true } : {}),
  });
  const isLate = (lead: Lead) => lead.overdue.acknowledge || lead.overdue.action;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Select
          aria-label={t('lead.status')}
          placeholder={t('lead.status')}
          allowClear
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          options={(['open', 'acknowledged', 'actioned'] as const).map((value) => ({
            value,
            label: t(`lead.status.${value}`),
          }))}
        />
        <Button type={overdue ? 'primary' : 'default'} onClick={() => setOverdue(!overdue)}>
          {t('case.overdueOnly')}
        </Button>
      </Space>
      {leads.error ? <Alert type="error" showIcon title={leads.error.message} /> : null}
      <Table<Lead>
        rowKey="id"
        size="small"
        loading={leads.isPending}
        dataSource={leads.data?.items ?? []}
        rowClassName={(lead) => (isLate(lead) ? 'case-row-overdue' : '')}
        columns={[
          { title: 'ID', dataIndex: 'id' },
          { title: t('case.shop'), dataIndex: 'shopName', render: (name: string | null) => name ?? '—' },
          {
            title: t('case.id'),
            dataIndex: 'caseId',
            render: (caseId: string | null) =>
              caseId ? <Link to={`/cases/${encodeURIComponent(caseId)}`}>{caseId}</Link> : '—',
          },
          {
            title: t('lead.status'),
            dataIndex: 'status',
            render: (value: Lead['status']) => t(`lead.status.${value}`),
          },
          {
            title: t('lead.acknowledgeDue'),
            dataIndex: 'acknowledgeDueAt',
            render: (at: string, lead) => (
              <>
                {formatDateTime(at, locale)}{' '}
                {lead.overdue.acknowledge ? <Tag color="red">{t('case.overdue')}</Tag> : null}
              </>
            ),
          },
          {
            title: t('lead.actionDue'),
            dataIndex: 'actionDueAt',
            render: (at: string, lead) => (
              <>
                {formatDateTime(at, locale)}{' '}
                {lead.overdue.action ? <Tag color="red">{t('case.overdue')}</Tag> : null}
              </>
            ),
          },
        ]}
      />
    </Space>
  );
}

function Cards({ platformId }: { platformId: string }) {
  const { t, locale } = useI18n();
  const roles = useRoles();
  const cards = usePlatformCards(platformId);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        {cards.error ? <Alert type="error" showIcon title={cards.error.message} /> : null}
        <Table<PlatformCard>
          rowKey="id"
          size="small"
          loading={cards.isPending}
          dataSource={cards.data?.items ?? []}
          columns={[
            {
              title: t('card.color'),
              dataIndex: 'color',
              render: (color: PlatformCard['color']) => (
                <Tag color={color === 'red' ? 'red' : 'gold'}>{t(`card.${color}`)}</Tag>
              ),
            },
            { title: t('card.period'), dataIndex: 'period' },
            { title: t('common.reason'), dataIndex: 'reason' },
            {
              title: t('common.at'),
              dataIndex: 'issuedAt',
              render: (at: string) => formatDateTime(at, locale),
            },
          ]}
        />
      </Col>
      {can(roles, 'issuePlatformCard') ? (
        <Col xs={24} xl={10}>
          <Card size="small" title={t('card.issue')}>
            <IssueCardForm platformId={platformId} />
          </Card>
        </Col>
      ) : null}
    </Row>
  );
}

function Deliveries({ platformId }: { platformId: string }) {
  const { t, locale } = useI18n();
  const [state, setState] = useState<WebhookDelivery['state'] | undefined>('dead');
  const deliveries = useDeliveries(platformId, state ? { state } : {});
  const retry = useRetryDelivery(platformId);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Select
        aria-label={t('webhook.state')}
        allowClear
        style={{ width: 200 }}
        value={state}
        placeholder={t('common.all')}
        onChange={setState}
        options={(['pending', 'delivered', 'dead'] as const).map((value) => ({
          value,
          label: t(`webhook.state.${value}`),
        }))}
      />
      {deliveries.error ? <Alert type="error" showIcon title={deliveries.error.message} /> : null}
      {retry.error ? <Alert type="error" showIcon title={retry.error.message} /> : null}
      <Table<WebhookDelivery>
        rowKey="id"
        size="small"
        loading={deliveries.isPending}
        dataSource={deliveries.data?.items ?? []}
        columns={[
          { title: 'ID', dataIndex: 'id' },
          { title: t('webhook.event'), dataIndex: 'eventType' },
          {
            title: t('webhook.state'),
            dataIndex: 'state',
            render: (value: WebhookDelivery['state']) => (
              <Tag color={value === 'dead' ? 'red' : value === 'delivered' ? 'green' : 'blue'}>
                {t(`webhook.state.${value}`)}
              </Tag>
            ),
          },
          { title: t('webhook.attempts'), dataIndex: 'attempts' },
          {
            title: t('webhook.lastResult'),
            render: (_, delivery) =>
              [delivery.lastStatus, delivery.lastError].filter((part) => part !== null).join(' · ') || '—',
          },
          {
            title: t('common.at'),
            dataIndex: 'createdAt',
            render: (at: string) => formatDateTime(at, locale),
          },
          {
            title: t('common.actions'),
            render: (_, delivery) =>
              delivery.state === 'dead' ? (
                <Button
                  size="small"
                  loading={retry.isPending && retry.variables === delivery.id}
                  onClick={() => retry.mutate(delivery.id)}
                >
                  {t('webhook.retry')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Space>
  );
}

export function PlatformDetailPage() {
  const { platformId = '' } = useParams();
  const { t, locale } = useI18n();
  const roles = useRoles();
  const platform = usePlatform(platformId);
  if (platform.error) return <Alert type="error" showIcon title={platform.error.message} />;
  if (!platform.data) return <Spin />;
  const item = platform.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/platforms">← {t('menu.platforms')}</Link>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {item.name}
      </Typography.Title>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label="ID">{item.id}</Descriptions.Item>
        <Descriptions.Item label={t('platform.webhookUrl')}>
          {item.webhookUrl ?? '—'}{' '}
          {item.webhookEnabled ? (
            <Tag color="green">{t('platform.on')}</Tag>
          ) : (
            <Tag color="red">{t('platform.off')}</Tag>
          )}
          {item.webhookDisabledReason ? ` ${item.webhookDisabledReason}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('platform.keys')}>
          {item.jwksUrl ?? item.jwks?.keys.map((key) => key.kid ?? key.kty).join(', ') ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('platform.contactName')}>
          {item.contacts.map((contact) => `${contact.name} <${contact.email}>`).join('; ') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.updatedAt')}>
          {formatDateTime(item.updatedAt, locale)}
        </Descriptions.Item>
      </Descriptions>
      <Tabs
        items={[
          { key: 'scorecard', label: t('scorecard.title'), children: <Scorecards platformId={item.id} /> },
          { key: 'leads', label: t('lead.deadlines'), children: <Leads platformId={item.id} /> },
          { key: 'cards', label: t('card.title'), children: <Cards platformId={item.id} /> },
          ...(can(roles, 'listWebhookDeliveries')
            ? [{ key: 'webhooks', label: t('webhook.title'), children: <Deliveries platformId={item.id} /> }]
            : []),
          ...(can(roles, 'updatePlatform')
            ? [
                {
                  key: 'settings',
                  label: t('platform.settings'),
                  children: <PlatformSettingsForm platform={item} />,
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}
