import type { Schema } from '@ezhili/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  List,
  Row,
  Space,
  Spin,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useClient } from '../../auth/AuthContext.js';
import { Chart } from '../../charts/Chart.js';
import { formatDateTime } from '../../format/dates.js';
import { useI18n } from '../../i18n/I18nContext.js';

type Backtest = Schema<'RiskBacktest'>;
type Curve = Schema<'RiskCurvePoint'>[];

function curveOption(title: string, series: Array<{ name: string; points: Curve }>, diagonal: boolean) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, bottom: 40, top: 40 },
    xAxis: { type: 'value', min: 0, max: diagonal ? 1 : undefined, name: title },
    yAxis: { type: 'value', min: 0, max: diagonal ? 1 : undefined },
    series: [
      ...series.map((entry) => ({
        name: entry.name,
        type: 'line',
        showSymbol: false,
        data: entry.points.map((point) => [point.x, point.y]),
      })),
      ...(diagonal
        ? [
            {
              name: '—',
              type: 'line',
              showSymbol: false,
              lineStyle: { type: 'dashed' },
              data: [
                [0, 0],
                [1, 1],
              ],
            },
          ]
        : []),
    ],
  };
}

/** One backtest's report: AUC with its interval, hit rates, days earlier, ROC and lift charts. */
export function BacktestReport({ backtest }: { backtest: Backtest }) {
  const { t } = useI18n();
  const ci = (pair: number[]) => `[${pair.map((value) => value.toFixed(3)).join(', ')}]`;
  const roc = useMemo(
    () =>
      curveOption(
        'FPR',
        [
          { name: t('risk.model'), points: backtest.model.roc },
          { name: t('risk.baseline'), points: backtest.baseline.roc },
        ],
        true,
      ),
    [backtest, t],
  );
  const lift = useMemo(
    () =>
      curveOption(
        t('risk.share'),
        [
          { name: t('risk.model'), points: backtest.model.lift },
          { name: t('risk.baseline'), points: backtest.baseline.lift },
        ],
        false,
      ),
    [backtest, t],
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label="AUC">
          {backtest.model.auc.toFixed(3)} {ci(backtest.model.aucCi)}
        </Descriptions.Item>
        <Descriptions.Item label={`AUC · ${t('risk.baseline')}`}>
          {backtest.baseline.auc.toFixed(3)}
        </Descriptions.Item>
        <Descriptions.Item label={t('risk.hitTop10')}>
          {(backtest.model.hitRateTop10 * 100).toFixed(1)}%
        </Descriptions.Item>
        <Descriptions.Item label={t('risk.hitTop20')}>
          {(backtest.model.hitRateTop20 * 100).toFixed(1)}%
        </Descriptions.Item>
        <Descriptions.Item label={t('risk.daysEarlier')}>
          {backtest.model.meanDaysEarlier.toFixed(1)} {ci(backtest.model.daysEarlierCi)}
        </Descriptions.Item>
        <Descriptions.Item label={t('risk.testInspections')}>
          {backtest.testInspections} ({backtest.testPositives} +)
        </Descriptions.Item>
      </Descriptions>
      {backtest.warnings.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={backtest.warnings.map((warning) => JSON.stringify(warning)).join(' · ')}
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title="ROC">
            <Chart option={roc} label={`ROC ${backtest.id}`} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('risk.lift')}>
            <Chart option={lift} label={`${t('risk.lift')} ${backtest.id}`} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

/** Admin: backtests run so far, a new one by split date, and the report of the one chosen. */
export function RiskBacktests() {
  const { t, locale } = useI18n();
  const client = useClient();
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: ['risk', 'backtests'],
    queryFn: () => client.risk.listBacktests({ limit: 50 }),
  });
  const [selected, setSelected] = useState<string | null>(null);
  const chosen = selected ?? list.data?.items[0]?.id ?? null;
  const report = useQuery({
    queryKey: ['risk', 'backtest', chosen],
    queryFn: () => client.risk.getBacktest(chosen!),
    enabled: chosen !== null,
  });
  const create = useMutation({
    mutationFn: (splitDate: string) => client.risk.createBacktest({ splitDate }),
    onSuccess: (backtest) => {
      setSelected(backtest.id);
      void queryClient.invalidateQueries({ queryKey: ['risk', 'backtests'] });
    },
  });
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={6}>
        <Form
          layout="vertical"
          onFinish={(values: { splitDate: Dayjs }) => create.mutate(values.splitDate.format('YYYY-MM-DD'))}
          aria-label={t('risk.newBacktest')}
        >
          <Form.Item
            name="splitDate"
            label={t('risk.splitDate')}
            rules={[{ required: true, message: t('common.required', { field: t('risk.splitDate') }) }]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Button htmlType="submit" type="primary" loading={create.isPending}>
            {t('risk.newBacktest')}
          </Button>
        </Form>
        {create.error ? (
          <Alert type="error" showIcon title={create.error.message} style={{ marginTop: 12 }} />
        ) : null}
        <List
          style={{ marginTop: 16 }}
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          renderItem={(item) => (
            <List.Item onClick={() => setSelected(item.id)} style={{ cursor: 'pointer' }}>
              <Typography.Text strong={item.id === chosen}>
                {formatDateTime(item.createdAt, locale)} · AUC {item.modelAuc?.toFixed(3) ?? '—'}
              </Typography.Text>
            </List.Item>
          )}
        />
      </Col>
      <Col xs={24} xl={18}>
        {report.error ? <Alert type="error" showIcon title={report.error.message} /> : null}
        {report.isFetching && !report.data ? <Spin /> : null}
        {report.data ? (
          <BacktestReport backtest={report.data} />
        ) : (
          <Typography.Text type="secondary">{t('risk.noBacktest')}</Typography.Text>
        )}
      </Col>
    </Row>
  );
}
