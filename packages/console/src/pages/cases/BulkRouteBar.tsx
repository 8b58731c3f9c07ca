import { EzhiliError } from '@ezhili/sdk';
import { Alert, Button, Card, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../../i18n/I18nContext.js';
import type { CaseSummary } from './case-filters.js';
import { useRouteCases } from './case-queries.js';

type Classification = 'general' | 'complex';

/** Why each refused case of a batch was refused, from the `409 bulk_routing_refused` problem. */
export function refusedCases(error: unknown): Array<{ caseId: string; detail: string }> {
  if (!(error instanceof EzhiliError) || error.code !== 'bulk_routing_refused') return [];
  const ids = (error.problem?.refusedCaseIds as string[] | undefined) ?? [];
  const errors = error.problem?.errors ?? [];
  return ids.map((caseId, i) => ({
    caseId,
    detail: errors[i]?.detail.replace(`${caseId}: `, '') ?? '',
  }));
}

/**
 * The queue's bulk action: the selected cases go to one unit in one request, all or nothing
 * (`routeCases`). A received case is accepted at triage, a routed one re-routed (a reason is then
 * required); when the server refuses the batch, every refused case is listed and none moved.
 */
export function BulkRouteBar({ selected, onDone }: { selected: CaseSummary[]; onDone: () => void }) {
  const t = useT();
  const [classification, setClassification] = useState<Classification | undefined>();
  const [reason, setReason] = useState('');
  const route = useRouteCases();
  const rerouting = selected.some((item) => item.state !== 'received');
  const missingReason = rerouting && reason.trim() === '';
  const refused = refusedCases(route.error);

  async function submit() {
    if (!classification || missingReason) return;
    await route.mutateAsync({
      caseIds: selected.map((item) => item.id),
      classification,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    });
    setReason('');
    onDone();
  }

  return (
    <Card size="small" role="region" aria-label={t('bulk.title')}>
      <Space wrap align="start">
        <Typography.Text strong>{t('bulk.selected', { count: String(selected.length) })}</Typography.Text>
        <Select<Classification>
          aria-label={t('bulk.classification')}
          placeholder={t('bulk.classification')}
          style={{ width: 220 }}
          value={classification}
          onChange={setClassification}
          options={(['general', 'complex'] as const).map((value) => ({
            value,
            label: t(`bulk.to.${value}`),
          }))}
        />
        <Input
          aria-label={t('common.reason')}
          placeholder={rerouting ? t('bulk.reasonRequired') : t('bulk.reasonOptional')}
          status={missingReason && classification ? 'warning' : undefined}
          maxLength={2000}
          style={{ width: 320 }}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        <Button
          type="primary"
          disabled={!classification || missingReason}
          loading={route.isPending}
          onClick={() => void submit().catch(() => undefined)}
        >
          {t('bulk.route')}
        </Button>
        <Button onClick={onDone}>{t('bulk.clear')}</Button>
      </Space>
      {route.error ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          title={route.error.message}
          description={
            refused.length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {refused.map(({ caseId, detail }) => (
                  <li key={caseId}>
                    <Typography.Text code>{caseId}</Typography.Text> {detail}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      ) : null}
    </Card>
  );
}
