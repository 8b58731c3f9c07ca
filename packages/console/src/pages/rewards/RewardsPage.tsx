import { Alert, Card, Drawer, Space, Steps, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { can, type StaffRole } from '../../access/operation-roles.js';
import { useRoles } from '../../auth/AuthContext.js';
import { AuditTrail } from '../../components/AuditTrail.js';
import { formatDateTime } from '../../format/dates.js';
import { formatYuan } from '../../format/money.js';
import { useI18n } from '../../i18n/I18nContext.js';
import { ApprovePayoutButton, DetermineForm, ProposeForm } from './RewardForms.js';
import { type RewardClaim, type RewardClaimState, useRewardClaims } from './reward-queries.js';

type Queue = 'mine' | 'all';

/** The state a role acts on: its own queue. */
export function queueStateFor(roles: readonly StaffRole[]): 'claimed' | 'proposed' | 'determined' | null {
  if (can(roles, 'proposeReward')) return 'claimed';
  if (can(roles, 'determineReward')) return 'proposed';
  if (can(roles, 'approvePayout')) return 'determined';
  return null;
}

const STATE_COLOURS: Record<RewardClaimState, string> = {
  claimed: 'gold',
  proposed: 'blue',
  determined: 'purple',
  payout_pending: 'cyan',
  paid: 'green',
  payout_failed: 'red',
};

/** The workflow with who does each step: three roles, so no one person completes it alone. */
function Workflow({ claim }: { claim: RewardClaim }) {
  const { t, locale } = useI18n();
  const order: RewardClaimState[] = ['claimed', 'proposed', 'determined', 'payout_pending', 'paid'];
  const current = claim.state === 'payout_failed' ? 3 : order.indexOf(claim.state);
  return (
    <Steps
      orientation="vertical"
      size="small"
      current={current}
      status={claim.state === 'payout_failed' ? 'error' : undefined}
      items={[
        {
          title: t('reward.step.claimed'),
          content: `${t('reward.byReporter')} · ${formatDateTime(claim.claimedAt, locale)}`,
        },
        {
          title: t('reward.step.proposed'),
          content: `${t('role.district_handler')} / ${t('role.detachment_handler')} · ${formatDateTime(claim.proposedAt, locale)}`,
        },
        {
          title: t('reward.step.determined'),
          content: `${t('role.reward_committee')} · ${formatDateTime(claim.determinedAt, locale)}`,
        },
        {
          title: t('reward.step.approved'),
          content: `${t('role.finance')} · ${formatDateTime(claim.approvedAt, locale)}`,
        },
        {
          title: t('reward.step.paid'),
          content: claim.payout
            ? `${t(`reward.payout.${claim.payout.state}`)} · ${formatDateTime(claim.payout.paidAt, locale)}${
                claim.payout.failureReason ? ` · ${claim.payout.failureReason}` : ''
              }`
            : '—',
        },
      ]}
    />
  );
}

function ClaimDrawer({ claim, onClose }: { claim: RewardClaim | null; onClose(): void }) {
  const { t, locale } = useI18n();
  const roles = useRoles();
  if (!claim) return null;
  const action =
    claim.state === 'claimed' && can(roles, 'proposeReward') ? (
      <ProposeForm claim={claim} />
    ) : claim.state === 'proposed' && can(roles, 'determineReward') ? (
      <DetermineForm claim={claim} />
    ) : (claim.state === 'determined' || claim.state === 'payout_failed') && can(roles, 'approvePayout') ? (
      <ApprovePayoutButton claim={claim} />
    ) : null;
  return (
    <Drawer open size={560} title={t('reward.claim', { id: claim.id })} onClose={onClose} destroyOnHidden>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph>
          {t('case.identityCode')}: <Typography.Text code>{claim.identityCode}</Typography.Text> ·{' '}
          <Link to={`/cases/${encodeURIComponent(claim.caseId)}`}>{claim.caseId}</Link>
        </Typography.Paragraph>
        <Typography.Paragraph>
          {t('reward.basis')}: {formatYuan(claim.basisFen, locale)} · {t('reward.level')}:{' '}
          {claim.level ? t('reward.levelN', { level: claim.level }) : '—'} · {t('reward.amount')}:{' '}
          {formatYuan(claim.amountFen ?? claim.ruleAmountFen, locale)}
        </Typography.Paragraph>
        {claim.proposalReasons ? (
          <Typography.Paragraph>
            {t('reward.reasons')}: {claim.proposalReasons}
          </Typography.Paragraph>
        ) : null}
        {claim.deviationReason ? (
          <Typography.Paragraph>
            {t('reward.deviationReason')}: {claim.deviationReason}
          </Typography.Paragraph>
        ) : null}
        <Alert type="info" showIcon title={t('reward.separation')} />
        <Workflow claim={claim} />
        {action ? <Card size="small">{action}</Card> : null}
        {can(roles, 'listAuditEvents') ? (
          <Card size="small" title={t('reward.whoDidWhat')}>
            <AuditTrail subjectType="reward_claim" subjectId={claim.id} />
          </Card>
        ) : null}
      </Space>
    </Drawer>
  );
}

export function RewardsPage() {
  const { t, locale } = useI18n();
  const roles = useRoles();
  const mineState = queueStateFor(roles);
  const [queue, setQueue] = useState<Queue>(mineState ? 'mine' : 'all');
  const [overdue, setOverdue] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const claims = useRewardClaims({
    ...(queue === 'mine' && mineState ? { state: mineState } : {}),
    ...(overdue ? { overdue: true } : {}),
    limit: 200,
  });
  const rows = claims.data?.items ?? [];
  const selectedClaim = rows.find((claim) => claim.id === selected) ?? null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('menu.rewards')}
      </Typography.Title>
      <Space wrap>
        <Tabs
          activeKey={queue}
          onChange={(key) => setQueue(key as Queue)}
          items={[
            ...(mineState ? [{ key: 'mine', label: t(`reward.queue.${mineState}`) }] : []),
            { key: 'all', label: t('reward.queue.all') },
          ]}
        />
        <Space>
          <Switch aria-label={t('reward.overdueOnly')} checked={overdue} onChange={setOverdue} />
          {t('reward.overdueOnly')}
        </Space>
      </Space>
      {claims.error ? <Alert type="error" showIcon title={claims.error.message} /> : null}
      <Table<RewardClaim>
        rowKey="id"
        loading={claims.isPending}
        dataSource={rows}
        rowClassName={(claim) => (claim.overdue ? 'case-row-overdue' : '')}
        onRow={(claim) => ({ onClick: () => setSelected(claim.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('reward.claimId'), dataIndex: 'id' },
          { title: t('case.identityCode'), dataIndex: 'identityCode' },
          {
            title: t('case.state'),
            dataIndex: 'state',
            render: (state: RewardClaimState) => (
              <Tag color={STATE_COLOURS[state]}>{t(`reward.state.${state}`)}</Tag>
            ),
          },
          {
            title: t('reward.level'),
            dataIndex: 'level',
            render: (level: number | null) => (level ? t('reward.levelN', { level }) : '—'),
          },
          {
            title: t('reward.ruleAmount'),
            dataIndex: 'ruleAmountFen',
            render: (fen: number | null) => formatYuan(fen, locale),
          },
          {
            title: t('reward.bounds'),
            dataIndex: 'amountBounds',
            render: (bounds: RewardClaim['amountBounds']) =>
              bounds ? `${formatYuan(bounds.minFen, locale)} – ${formatYuan(bounds.maxFen, locale)}` : '—',
          },
          {
            title: t('reward.amount'),
            dataIndex: 'amountFen',
            render: (fen: number | null) => formatYuan(fen, locale),
          },
          {
            title: t('reward.due'),
            dataIndex: 'determinationDueAt',
            render: (at: string, claim) => (
              <>
                {formatDateTime(at, locale)}{' '}
                {claim.overdue ? <Tag color="red">{t('case.overdue')}</Tag> : null}
              </>
            ),
          },
        ]}
      />
      <ClaimDrawer claim={selectedClaim} onClose={() => setSelected(null)} />
    </Space>
  );
}
