import type { Schema } from '@ezhili/sdk';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useDistrictName, useDistricts } from '../../app/reference-queries.js';
import { useClient } from '../../auth/AuthContext.js';
import { Chart } from '../../charts/Chart.js';
import { useI18n } from '../../i18n/I18nContext.js';

type ShopRisk = Schema<'ShopRisk'>;
type Tier = Schema<'RiskTier'>;

export const TIER_COLOURS: Record<Tier, string> = { A: '#52c41a', B: '#1677ff', C: '#faad14', D: '#f5222d' };

/** Each indicator's share of the score as a bar: red pushes the risk up, green down. */
export function ContributionBars({ contributions }: { contributions: ShopRisk['contributions'] }) {
  const shown = contributions.filter((entry) => entry.contribution !== 0);
  const largest = Math.max(...shown.map((entry) => Math.abs(entry.contribution)), 0.0001);
  return (
    <ul
      style={{
        display: 'grid',
        gridTemplateColumns: 'max-content 1fr max-content',
        gap: '4px 8px',
        listStyle: 'none',
        margin: 0,
        padding: 0,
      }}
    >
      {shown.map((entry) => (
        <li key={entry.indicator} style={{ display: 'contents' }}>
          <span>{entry.indicator}</span>
          <div style={{ background: '#f5f5f5', height: 12, alignSelf: 'center' }}>
            <div
              style={{
                width: `${(Math.abs(entry.contribution) / largest) * 100}%`,
                height: '100%',
                background: entry.contribution > 0 ? '#ff7875' : '#95de64',
              }}
            />
          </div>
          <span>
            {entry.contribution > 0 ? '+' : ''}
            {entry.contribution.toFixed(3)} (= {entry.value})
          </span>
        </li>
      ))}
    </ul>
  );
}

export function RiskOverview() {
  const { t, locale } = useI18n();
  const client = useClient();
  const districtName = useDistrictName();
  const districts = useDistricts();
  const [tier, setTier] = useState<Tier | undefined>();
  const [district, setDistrict] = useState<string | undefined>();
  const shops = useQuery({
    queryKey: ['risk', 'shops', tier ?? null, district ?? null],
    queryFn: () =>
      client.risk.listShops({ ...(tier ? { tier } : {}), ...(district ? { district } : {}), limit: 100 }),
  });
  const run = shops.data?.run ?? null;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, bottom: 30, top: 20 },
      xAxis: { type: 'category', data: ['A', 'B', 'C', 'D'] },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('risk.shops'),
          type: 'bar',
          data: (['A', 'B', 'C', 'D'] as const).map((key) => ({
            value: run?.tierCounts[key] ?? 0,
            itemStyle: { color: TIER_COLOURS[key] },
          })),
        },
      ],
    }),
    [run, t],
  );
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {shops.error ? <Alert type="error" showIcon title={shops.error.message} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('risk.tiers')}>
            <Chart option={option} label={t('risk.tiers')} height={240} />
            {run ? (
              <Typography.Text type="secondary">
                {t('risk.runInfo', { asOf: run.asOf, version: run.modelVersion, count: run.shopsScored })}
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">{t('risk.noRun')}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('risk.ranked')}>
            <Space style={{ marginBottom: 8 }}>
              <Select
                aria-label={t('risk.tier')}
                placeholder={t('risk.tier')}
                allowClear
                style={{ width: 120 }}
                value={tier}
                onChange={setTier}
                options={(['A', 'B', 'C', 'D'] as const).map((value) => ({ value, label: value }))}
              />
              <Select
                aria-label={t('case.district')}
                placeholder={t('case.district')}
                allowClear
                style={{ width: 160 }}
                value={district}
                onChange={setDistrict}
                options={(districts.data ?? []).map((entry) => ({
                  value: entry.code,
                  label: locale === 'zh-CN' ? entry.nameZh : entry.nameEn,
                }))}
              />
            </Space>
            <Table<ShopRisk>
              rowKey="shopId"
              size="small"
              loading={shops.isPending}
              dataSource={shops.data?.items ?? []}
              expandable={{
                expandedRowRender: (shop) => <ContributionBars contributions={shop.contributions} />,
              }}
              columns={[
                { title: '#', render: (_, __, index) => index + 1 },
                { title: t('case.shop'), dataIndex: 'shopName' },
                {
                  title: t('case.district'),
                  dataIndex: 'districtCode',
                  render: (code: string) => districtName(code),
                },
                { title: t('risk.score'), dataIndex: 'score', render: (score: number) => score.toFixed(1) },
                {
                  title: t('risk.tier'),
                  dataIndex: 'tier',
                  render: (value: Tier) => <Tag color={TIER_COLOURS[value]}>{value}</Tag>,
                },
                {
                  title: t('risk.topIndicator'),
                  render: (_, shop) => {
                    const top = [...shop.contributions].sort((a, b) => b.contribution - a.contribution)[0];
                    return top ? `${top.indicator} (+${top.contribution.toFixed(2)})` : '—';
                  },
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
