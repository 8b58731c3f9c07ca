import { Alert, Badge, Button, Card, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useDistrictName, useDistricts } from '../../app/reference-queries.js';
import { formatDateTime } from '../../format/dates.js';
import { useCategoryLabel, useI18n } from '../../i18n/I18nContext.js';
import {
  CASE_STATES,
  CASE_UNITS,
  type CaseSummary,
  categoriesOf,
  countByState,
  isOverdue,
  type LocalCaseFilter,
  matchesLocal,
  type ServerCaseFilter,
} from './case-filters.js';
import { useCaseList } from './case-queries.js';
import { CaseStateTag, OverdueTags } from './case-tags.js';

export function CaseQueuePage() {
  const { t, locale } = useI18n();
  const districtName = useDistrictName();
  const categoryLabel = useCategoryLabel();
  const districts = useDistricts();
  const [server, setServer] = useState<ServerCaseFilter>({});
  const [local, setLocal] = useState<LocalCaseFilter>({});
  const list = useCaseList(server);

  const loaded = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const rows = useMemo(() => loaded.filter((item) => matchesLocal(item, local)), [loaded, local]);
  const counts = countByState(loaded);
  const more = list.hasNextPage ? '+' : '';

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('case.queue')}
      </Typography.Title>
      <Space wrap>
        {CASE_STATES.map((state) => (
          <Button
            key={state}
            type={server.state === state ? 'primary' : 'default'}
            onClick={() => setServer({ ...server, state: server.state === state ? undefined : state })}
          >
            {t(`case.state.${state}`)} <Badge count={`${counts[state]}${more}`} showZero color="#1456b8" />
          </Button>
        ))}
      </Space>
      <Card size="small">
        <Space wrap>
          <Select
            aria-label={t('case.district')}
            placeholder={t('case.district')}
            allowClear
            style={{ width: 160 }}
            value={server.districtCode}
            onChange={(districtCode?: string) => setServer({ ...server, districtCode })}
            options={(districts.data ?? []).map((district) => ({
              value: district.code,
              label: locale === 'zh-CN' ? district.nameZh : district.nameEn,
            }))}
          />
          <Select
            aria-label={t('case.unit')}
            placeholder={t('case.unit')}
            allowClear
            style={{ width: 170 }}
            value={local.unit}
            onChange={(unit?: LocalCaseFilter['unit']) => setLocal({ ...local, unit })}
            options={CASE_UNITS.map((unit) => ({ value: unit, label: t(`case.unit.${unit}`) }))}
          />
          <Select
            aria-label={t('case.category')}
            placeholder={t('case.category')}
            allowClear
            style={{ width: 220 }}
            value={local.category}
            onChange={(category?: string) => setLocal({ ...local, category })}
            options={categoriesOf(loaded).map((category) => ({
              value: category,
              label: categoryLabel(category),
            }))}
          />
          <Select
            aria-label={t('case.classification')}
            placeholder={t('case.classification')}
            allowClear
            style={{ width: 130 }}
            value={local.classification}
            onChange={(classification?: LocalCaseFilter['classification']) =>
              setLocal({ ...local, classification })
            }
            options={(['general', 'complex'] as const).map((value) => ({
              value,
              label: t(`case.classification.${value}`),
            }))}
          />
          <Space>
            <Switch
              aria-label={t('case.overdueOnly')}
              checked={server.overdue === true}
              onChange={(overdue) => setServer({ ...server, overdue: overdue || undefined })}
            />
            {t('case.overdueOnly')}
          </Space>
          <Input.Search
            aria-label={t('common.search')}
            placeholder={t('case.searchPlaceholder')}
            allowClear
            style={{ width: 260 }}
            onSearch={(text) => setLocal({ ...local, text })}
          />
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('case.pageNote')}
        </Typography.Paragraph>
      </Card>
      {list.error ? <Alert type="error" showIcon title={list.error.message} /> : null}
      <Table<CaseSummary>
        rowKey="id"
        size="middle"
        loading={list.isPending || list.isFetchingNextPage}
        dataSource={rows}
        pagination={{ pageSize: 20, showTotal: (total) => t('common.total', { count: `${total}${more}` }) }}
        rowClassName={(item) => (isOverdue(item) ? 'case-row-overdue' : '')}
        columns={[
          {
            title: t('case.id'),
            dataIndex: 'id',
            render: (id: string) => <Link to={`/cases/${encodeURIComponent(id)}`}>{id}</Link>,
          },
          { title: t('case.identityCode'), dataIndex: 'identityCode' },
          {
            title: t('case.state'),
            dataIndex: 'state',
            render: (_, item) => <CaseStateTag item={item} />,
            sorter: (a, b) => CASE_STATES.indexOf(a.state) - CASE_STATES.indexOf(b.state),
          },
          {
            title: t('case.source'),
            dataIndex: 'source',
            render: (source: CaseSummary['source']) => t(`case.source.${source}`),
          },
          {
            title: t('case.category'),
            dataIndex: 'category',
            render: (category: string) => categoryLabel(category),
            sorter: (a, b) => a.category.localeCompare(b.category),
          },
          {
            title: t('case.district'),
            dataIndex: 'districtCode',
            render: (code: string) => districtName(code),
            sorter: (a, b) => a.districtCode.localeCompare(b.districtCode),
          },
          {
            title: t('case.unit'),
            dataIndex: 'assignedUnit',
            render: (unit: CaseSummary['assignedUnit']) => t(`case.unit.${unit}`),
          },
          {
            title: t('case.classification'),
            dataIndex: 'classification',
            render: (value: CaseSummary['classification']) =>
              value ? t(`case.classification.${value}`) : '—',
          },
          {
            title: t('case.overdue'),
            key: 'overdue',
            render: (_, item) => <OverdueTags item={item} />,
            sorter: (a, b) => a.deadlines.overdue.length - b.deadlines.overdue.length,
          },
          {
            title: t('case.receivedAt'),
            dataIndex: 'receivedAt',
            render: (at: string) => formatDateTime(at, locale),
            sorter: (a, b) => a.receivedAt.localeCompare(b.receivedAt),
            defaultSortOrder: 'descend',
          },
        ]}
      />
      {list.hasNextPage ? (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.more')}
        </Button>
      ) : null}
      {rows.length === 0 && !list.isPending ? <Tag>{t('common.none')}</Tag> : null}
    </Space>
  );
}
