import {
  Alert,
  Badge,
  Button,
  Card,
  Input,
  Segmented,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { can } from '../../access/operation-roles.js';
import { useDistrictName, useDistricts } from '../../app/reference-queries.js';
import { useRoles } from '../../auth/AuthContext.js';
import { formatDateTime } from '../../format/dates.js';
import { useCategoryLabel, useI18n } from '../../i18n/I18nContext.js';
import { BulkRouteBar } from './BulkRouteBar.js';
import {
  CASE_STATES,
  CASE_UNITS,
  type CaseFilter,
  type CaseSummary,
  categoryOptions,
  isOverdue,
} from './case-filters.js';
import { useCaseCounts, useCaseList, useOfficers } from './case-queries.js';
import { CaseStateTag, OverdueTags } from './case-tags.js';

export function CaseQueuePage() {
  const { t, locale } = useI18n();
  const districtName = useDistrictName();
  const categoryLabel = useCategoryLabel();
  const districts = useDistricts();
  const [filter, setFilter] = useState<CaseFilter>({});
  const set = (change: Partial<CaseFilter>) => setFilter({ ...filter, ...change });
  const list = useCaseList(filter);
  const counts = useCaseCounts({ assignedUnit: filter.assignedUnit, districtCode: filter.districtCode });
  const officers = useOfficers();
  const view = filter.officer === 'me' || filter.officer === 'none' ? filter.officer : 'all';

  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const more = list.hasNextPage ? '+' : '';
  const bulk = can(useRoles(), 'routeCases');
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  // Only cases still on the page stay selected (a refresh after routing may move them away).
  const selected = rows.filter((item) => selectedIds.includes(item.id));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('case.queue')}
      </Typography.Title>
      <Segmented
        aria-label={t('officer.filter')}
        value={view}
        onChange={(value) => set({ officer: value === 'all' ? undefined : value })}
        options={[
          { value: 'all', label: t('case.view.all') },
          { value: 'me', label: t('case.view.mine') },
          { value: 'none', label: t('case.view.unassigned') },
        ]}
      />
      <Space wrap>
        {CASE_STATES.map((state) => (
          <Button
            key={state}
            type={filter.state === state ? 'primary' : 'default'}
            aria-pressed={filter.state === state}
            onClick={() => set({ state: filter.state === state ? undefined : state })}
          >
            {t(`case.state.${state}`)}{' '}
            <Badge count={counts.data?.[state] ?? '…'} showZero overflowCount={99999} color="#1456b8" />
          </Button>
        ))}
        <Button
          type={filter.overdue ? 'primary' : 'default'}
          aria-pressed={filter.overdue === true}
          onClick={() => set({ overdue: filter.overdue ? undefined : true })}
        >
          {t('case.overdue')}{' '}
          <Badge count={counts.data?.overdue ?? '…'} showZero overflowCount={99999} color="#b42318" />
        </Button>
      </Space>
      <Card size="small">
        <Space wrap>
          <Select
            aria-label={t('case.district')}
            placeholder={t('case.district')}
            allowClear
            style={{ width: 160 }}
            value={filter.districtCode}
            onChange={(districtCode?: string) => set({ districtCode })}
            options={(districts.data ?? []).map((district) => ({
              value: district.code,
              label: locale === 'zh-CN' ? district.nameZh : district.nameEn,
            }))}
          />
          <Select
            aria-label={t('officer.filter')}
            placeholder={t('officer.filter')}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 200 }}
            value={view === 'all' ? filter.officer : undefined}
            onChange={(officer?: string) => set({ officer })}
            options={[...new Map((officers.data ?? []).map((officer) => [officer.id, officer])).values()].map(
              (officer) => ({ value: officer.id, label: officer.displayName }),
            )}
          />
          <Select
            aria-label={t('case.unit')}
            placeholder={t('case.unit')}
            allowClear
            style={{ width: 170 }}
            value={filter.assignedUnit}
            onChange={(assignedUnit?: CaseFilter['assignedUnit']) => set({ assignedUnit })}
            options={CASE_UNITS.map((unit) => ({ value: unit, label: t(`case.unit.${unit}`) }))}
          />
          <Select
            aria-label={t('case.category')}
            placeholder={t('case.category')}
            allowClear
            style={{ width: 220 }}
            value={filter.category}
            onChange={(category?: string) => set({ category })}
            options={categoryOptions(rows).map((category) => ({
              value: category,
              label: categoryLabel(category),
            }))}
          />
          <Select
            aria-label={t('case.classification')}
            placeholder={t('case.classification')}
            allowClear
            style={{ width: 130 }}
            value={filter.classification}
            onChange={(classification?: CaseFilter['classification']) => set({ classification })}
            options={(['general', 'complex'] as const).map((value) => ({
              value,
              label: t(`case.classification.${value}`),
            }))}
          />
          <Space>
            <Switch
              aria-label={t('case.overdueOnly')}
              checked={filter.overdue === true}
              onChange={(overdue) => set({ overdue: overdue || undefined })}
            />
            {t('case.overdueOnly')}
          </Space>
          <Input.Search
            aria-label={t('common.search')}
            placeholder={t('case.searchPlaceholder')}
            allowClear
            maxLength={100}
            style={{ width: 260 }}
            onSearch={(q) => set({ q: q.trim() || undefined })}
          />
          <Select
            aria-label={t('case.sort')}
            style={{ width: 150 }}
            value={filter.sort ?? 'newest'}
            onChange={(sort: NonNullable<CaseFilter['sort']>) =>
              set({ sort: sort === 'newest' ? undefined : sort })
            }
            options={(['newest', 'oldest'] as const).map((value) => ({
              value,
              label: t(`case.sort.${value}`),
            }))}
          />
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('case.pageNote')}
        </Typography.Paragraph>
      </Card>
      {list.error ? <Alert type="error" showIcon title={list.error.message} /> : null}
      {bulk && selected.length > 0 ? (
        <BulkRouteBar selected={selected} onDone={() => setSelectedIds([])} />
      ) : null}
      <Table<CaseSummary>
        rowKey="id"
        size="middle"
        loading={list.isPending || list.isFetchingNextPage}
        dataSource={rows}
        pagination={{ pageSize: 20, showTotal: (total) => t('common.total', { count: `${total}${more}` }) }}
        rowClassName={(item) => (isOverdue(item) ? 'case-row-overdue' : '')}
        rowSelection={
          bulk
            ? {
                selectedRowKeys: selected.map((item) => item.id),
                onChange: (keys) => setSelectedIds(keys.map(String)),
                // A closed case goes nowhere; the server would refuse it anyway.
                getCheckboxProps: (item) => ({
                  disabled: item.state === 'closed',
                  'aria-label': t('bulk.select', { id: item.id }),
                }),
              }
            : undefined
        }
        onChange={(_pagination, _filters, sorter) => {
          const order = Array.isArray(sorter) ? sorter[0]?.order : sorter.order;
          set({ sort: order === 'ascend' ? 'oldest' : undefined });
        }}
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
          },
          {
            title: t('case.district'),
            dataIndex: 'districtCode',
            render: (code: string) => districtName(code),
          },
          {
            title: t('case.unit'),
            dataIndex: 'assignedUnit',
            render: (unit: CaseSummary['assignedUnit']) => t(`case.unit.${unit}`),
          },
          {
            title: t('officer.officer'),
            key: 'officer',
            render: (_, item) => item.assignedOfficer?.displayName ?? '—',
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
          },
          {
            title: t('case.receivedAt'),
            dataIndex: 'receivedAt',
            render: (at: string) => formatDateTime(at, locale),
            // The server sorts (newest or oldest received first); the column shows and sets it.
            sorter: true,
            sortDirections: ['descend', 'ascend', 'descend'],
            sortOrder: filter.sort === 'oldest' ? 'ascend' : 'descend',
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
