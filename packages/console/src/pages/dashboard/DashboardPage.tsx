import { Alert, Card, Col, Row, Segmented, Space, Spin, Statistic, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useDistrictName } from '../../app/reference-queries.js';
import { Chart } from '../../charts/Chart.js';
import { FigureTable } from '../../charts/FigureTable.js';
import { formatDateTime } from '../../format/dates.js';
import { formatYuan } from '../../format/money.js';
import { useI18n } from '../../i18n/I18nContext.js';
import type { MessageKey } from '../../i18n/zh.js';
import {
  type Metrics,
  type PlatformFigures,
  platformRows,
  sectionNumber,
  useMetrics,
} from './metrics-queries.js';
import {
  byMonth,
  type MetricsPeriod,
  type Period,
  type PeriodChoice,
  presetPeriod,
  seriesOf,
} from './period.js';

const CustomPeriod = lazy(() => import('./CustomPeriod.js'));

const SERIES_LABELS: Record<string, MessageKey> = {
  tips: 'dashboard.series.tips',
  platformLeads: 'dashboard.series.platformLeads',
  leadsDispatched: 'dashboard.leadsDispatched',
  takeDowns: 'dashboard.takeDowns',
};

function hours(value: number | null, t: ReturnType<typeof useI18n>['t']): string {
  return value === null ? '—' : t('dashboard.hours', { value });
}

function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`;
}

function Figures({ metrics }: { metrics: Metrics }) {
  const { t, locale } = useI18n();
  const o = metrics.overall;
  const figures: Array<[MessageKey, string | number]> = [
    ['dashboard.tips', o.tips],
    ['dashboard.platformLeads', o.platformLeads],
    ['dashboard.casesClosed', o.casesClosed],
    ['dashboard.closureRate', percent(o.closureRate)],
    ['dashboard.openCases', o.openCases],
    ['dashboard.ackMedian', hours(o.ackHoursMedian, t)],
    ['dashboard.ackP90', hours(o.ackHoursP90, t)],
    ['dashboard.closeMedian', hours(o.closeHoursMedian, t)],
    ['dashboard.closeP90', hours(o.closeHoursP90, t)],
    ['dashboard.overdueAck', o.overdueAcknowledgement],
    ['dashboard.overdueFeedback', o.overdueFeedback],
  ];
  const optional: Array<[MessageKey, string, string, 'count' | 'fen' | 'hours']> = [
    ['dashboard.leadsDispatched', 'platforms', 'leadsDispatched', 'count'],
    ['dashboard.leadToAction', 'platforms', 'medianLeadToActionHours', 'hours'],
    ['dashboard.takeDowns', 'platforms', 'takeDowns', 'count'],
    ['dashboard.relistingApproved', 'platforms', 'relistingApproved', 'count'],
    ['dashboard.relistingRejected', 'platforms', 'relistingRejected', 'count'],
    ['dashboard.yellowCards', 'platforms', 'yellowCards', 'count'],
    ['dashboard.redCards', 'platforms', 'redCards', 'count'],
    ['dashboard.rewardClaims', 'rewards', 'claims', 'count'],
    ['dashboard.rewardsDetermined', 'rewards', 'determined', 'count'],
    ['dashboard.rewardsPaid', 'rewards', 'paid', 'count'],
    ['dashboard.rewardsPaidAmount', 'rewards', 'paidFen', 'fen'],
  ];
  for (const [label, section, key, kind] of optional) {
    const value = sectionNumber(metrics, section, key);
    if (value === null) continue;
    figures.push([
      label,
      kind === 'fen' ? formatYuan(value, locale) : kind === 'hours' ? hours(value, t) : value,
    ]);
  }
  return (
    <Row gutter={[16, 16]}>
      {figures.map(([label, value]) => (
        <Col key={label} xs={12} md={8} xl={4}>
          <Card size="small">
            <Statistic title={t(label)} value={value} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function useSeriesLabel() {
  const { t } = useI18n();
  return (name: string) => (SERIES_LABELS[name] ? t(SERIES_LABELS[name]) : name);
}

function Trends({ metrics }: { metrics: Metrics }) {
  const { t } = useI18n();
  const label = useSeriesLabel();
  const series = seriesOf(metrics.perDay);
  const daily = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, bottom: 30, top: 40 },
      xAxis: { type: 'category', data: metrics.perDay.map((day) => day.date) },
      yAxis: { type: 'value', minInterval: 1 },
      series: series.map((name) => ({
        name: label(name),
        type: 'line',
        smooth: true,
        data: metrics.perDay.map((day) => day[name] ?? 0),
      })),
    }),
    [metrics, series, label],
  );
  const months = byMonth(metrics.perDay);
  const monthly = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, bottom: 30, top: 40 },
      xAxis: { type: 'category', data: months.map((month) => month.month) },
      yAxis: { type: 'value', minInterval: 1 },
      series: series.map((name) => ({
        name: label(name),
        type: 'bar',
        data: months.map((m) => m[name] ?? 0),
      })),
    }),
    [months, series, label],
  );
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card title={t('dashboard.trend')} size="small">
          <Chart option={daily} label={t('dashboard.trend')} />
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card title={t('dashboard.monthlyTrend')} size="small">
          <Chart option={monthly} label={t('dashboard.monthlyTrend')} />
        </Card>
      </Col>
    </Row>
  );
}

function Districts({ metrics }: { metrics: Metrics }) {
  const { t } = useI18n();
  const districtName = useDistrictName();
  const rows = metrics.districts;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, bottom: 60, top: 40 },
      xAxis: {
        type: 'category',
        data: rows.map((row) => districtName(row.districtCode)),
        axisLabel: { rotate: 30 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('dashboard.tips'), type: 'bar', data: rows.map((row) => row.tips) },
        { name: t('dashboard.casesClosed'), type: 'bar', data: rows.map((row) => row.casesClosed) },
        { name: t('dashboard.openCases'), type: 'bar', data: rows.map((row) => row.openCases) },
      ],
    }),
    [rows, districtName, t],
  );
  return (
    <Card title={t('dashboard.perDistrict')} size="small">
      <Chart option={option} label={t('dashboard.perDistrict')} height={280} />
      <FigureTable
        caption={t('dashboard.perDistrict')}
        rows={rows}
        rowKey={(row) => row.districtCode}
        columns={[
          {
            key: 'district',
            title: t('dashboard.district'),
            render: (row) => districtName(row.districtCode),
          },
          { key: 'tips', title: t('dashboard.tips'), render: (row) => row.tips },
          { key: 'closed', title: t('dashboard.casesClosed'), render: (row) => row.casesClosed },
          { key: 'rate', title: t('dashboard.closureRate'), render: (row) => percent(row.closureRate) },
          {
            key: 'close',
            title: t('dashboard.closeMedian'),
            render: (row) => hours(row.closeHoursMedian, t),
          },
          { key: 'open', title: t('dashboard.openCases'), render: (row) => row.openCases },
          { key: 'overdue', title: t('dashboard.overdueFeedback'), render: (row) => row.overdueFeedback },
        ]}
      />
    </Card>
  );
}

function Platforms({ metrics }: { metrics: Metrics }) {
  const { t } = useI18n();
  const rows = platformRows(metrics);
  if (rows.length === 0) return null;
  const count = (key: string) => (row: PlatformFigures) => row[key] ?? '—';
  return (
    <Card title={t('dashboard.perPlatform')} size="small">
      <FigureTable
        caption={t('dashboard.perPlatform')}
        rows={rows}
        rowKey={(row) => row.platformId}
        columns={[
          { key: 'name', title: t('dashboard.platform'), render: (row) => row.name },
          { key: 'leads', title: t('dashboard.leadsDispatched'), render: count('leadsDispatched') },
          { key: 'ack', title: t('dashboard.acknowledgedInTime'), render: count('acknowledgedInTime') },
          { key: 'down', title: t('dashboard.takeDowns'), render: count('takeDowns') },
          { key: 'downInTime', title: t('dashboard.takeDownsInTime'), render: count('takeDownsInTime') },
          {
            key: 'action',
            title: t('dashboard.leadToAction'),
            render: (row) =>
              hours(
                typeof row['medianLeadToActionHours'] === 'number' ? row['medianLeadToActionHours'] : null,
                t,
              ),
          },
          { key: 'relisted', title: t('dashboard.relistingApproved'), render: count('relistingApproved') },
          { key: 'yellow', title: t('dashboard.yellowCards'), render: count('yellowCards') },
          { key: 'red', title: t('dashboard.redCards'), render: count('redCards') },
        ]}
      />
    </Card>
  );
}

function PeriodPicker({
  choice,
  onChoice,
  onRange,
}: {
  choice: PeriodChoice;
  onChoice(choice: PeriodChoice): void;
  onRange(range: Period): void;
}) {
  const { t } = useI18n();
  const options: Array<{ value: PeriodChoice; label: string }> = [
    { value: 'week', label: t('period.week') },
    { value: 'month', label: t('period.month') },
    { value: 'quarter', label: t('period.quarter') },
    { value: 'year', label: t('period.year') },
    { value: 'sinceLaunch', label: t('period.sinceLaunch') },
    { value: 'custom', label: t('period.custom') },
  ];
  return (
    <Space wrap aria-label={t('period.label')}>
      <Segmented<PeriodChoice> options={options} value={choice} onChange={onChoice} />
      {choice === 'custom' ? (
        <Suspense fallback={<Spin size="small" />}>
          <CustomPeriod onRange={onRange} />
        </Suspense>
      ) : null}
    </Space>
  );
}

export function DashboardPage() {
  const { t, locale } = useI18n();
  const [choice, setChoice] = useState<PeriodChoice>('month');
  const [period, setPeriod] = useState<MetricsPeriod | null>(null);
  const [serverToday, setServerToday] = useState<string | null>(null);
  const metrics = useMetrics(period);
  // "Today" is the server's (its clock decides the periods), learnt from its first answer.
  if (metrics.data && serverToday === null && period === null) setServerToday(metrics.data.to);

  const choose = (next: PeriodChoice) => {
    setChoice(next);
    if (next === 'custom') return;
    const today = serverToday ?? new Date().toISOString().slice(0, 10);
    setPeriod(next === 'month' && serverToday === null ? null : presetPeriod(next, today));
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('dashboard.title')}
        </Typography.Title>
        <PeriodPicker choice={choice} onChoice={choose} onRange={setPeriod} />
      </Space>
      {metrics.error ? <Alert type="error" showIcon title={metrics.error.message} /> : null}
      {metrics.data ? (
        <>
          <Typography.Text type="secondary">
            {metrics.data.from} — {metrics.data.to} ·{' '}
            {t('dashboard.generatedAt', { at: formatDateTime(metrics.data.generatedAt, locale) })}
          </Typography.Text>
          <Figures metrics={metrics.data} />
          <Trends metrics={metrics.data} />
          <Districts metrics={metrics.data} />
          <Platforms metrics={metrics.data} />
        </>
      ) : metrics.isPending ? (
        <Spin />
      ) : null}
    </Space>
  );
}
