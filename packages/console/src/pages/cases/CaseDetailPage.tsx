import { EzhiliNotFoundError } from '@ezhili/sdk';
import { Alert, Card, Col, Descriptions, Result, Row, Space, Spin, Tabs, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { can } from '../../access/operation-roles.js';
import { useDistrictName } from '../../app/reference-queries.js';
import { useRoles } from '../../auth/AuthContext.js';
import { AuditTrail } from '../../components/AuditTrail.js';
import { formatDateTime } from '../../format/dates.js';
import { formatYuan } from '../../format/money.js';
import { useCategoryLabel, useI18n } from '../../i18n/I18nContext.js';
import { CaseMessages, CaseNotes } from './CaseConversation.js';
import { CaseTimeline } from './CaseTimeline.js';
import { useCase } from './case-queries.js';
import { CaseStateTag, OverdueTags } from './case-tags.js';
import { EvidenceViewer } from './EvidenceViewer.js';
import { LeadForm } from './LeadForm.js';
import { LegalHoldPanel, LegalHoldTag } from './LegalHoldPanel.js';
import { OfficerForm } from './OfficerForm.js';
import { CloseCaseForm, InvestigateButton, RerouteForm } from './TransitionForms.js';
import { TriageForm } from './TriageForm.js';

export function CaseDetailPage() {
  const { caseId = '' } = useParams();
  const { t, locale } = useI18n();
  const roles = useRoles();
  const districtName = useDistrictName();
  const categoryLabel = useCategoryLabel();
  const detail = useCase(caseId);

  if (detail.error instanceof EzhiliNotFoundError) {
    // The server answers 404 for a case outside the caller's unit too: no hint that it exists.
    return (
      <Result
        status="404"
        title="404"
        subTitle={t('common.notFound')}
        extra={<Link to="/cases">{t('common.back')}</Link>}
      />
    );
  }
  if (detail.error) return <Alert type="error" showIcon title={detail.error.message} />;
  if (!detail.data) return <Spin />;
  const item = detail.data;
  const open = item.state !== 'closed';
  const actions = [
    item.state === 'received' && can(roles, 'triageCase')
      ? { key: 'triage', label: t('triage.title'), children: <TriageForm caseId={item.id} /> }
      : null,
    item.state === 'triaged' && can(roles, 'transitionCase')
      ? {
          key: 'investigate',
          label: t('transition.investigate'),
          children: <InvestigateButton caseId={item.id} state={item.state} />,
        }
      : null,
    item.state === 'investigating' && can(roles, 'transitionCase')
      ? { key: 'close', label: t('transition.close'), children: <CloseCaseForm caseId={item.id} /> }
      : null,
    (item.state === 'triaged' || item.state === 'investigating') && can(roles, 'transitionCase')
      ? { key: 'reroute', label: t('transition.reroute'), children: <RerouteForm caseId={item.id} /> }
      : null,
    can(roles, 'assignCaseOfficer')
      ? { key: 'officer', label: t('officer.assign'), children: <OfficerForm item={item} /> }
      : null,
    item.state !== 'received' && item.shop.platformId && can(roles, 'createLead')
      ? {
          key: 'lead',
          label: t('lead.send'),
          children: <LeadForm caseId={item.id} category={item.category} />,
        }
      : null,
  ].filter((action) => action !== null);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/cases">← {t('case.queue')}</Link>
      <Space wrap align="center">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('case.title', { id: item.id })}
        </Typography.Title>
        <CaseStateTag item={item} />
        <OverdueTags item={item} />
        <LegalHoldTag hold={item.legalHold} />
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card size="small" title={t('case.overview')}>
            <Descriptions size="small" column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('case.identityCode')}>{item.identityCode}</Descriptions.Item>
              <Descriptions.Item label={t('case.source')}>
                {t(`case.source.${item.source}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.category')}>{categoryLabel(item.category)}</Descriptions.Item>
              <Descriptions.Item label={t('case.classification')}>
                {item.classification ? t(`case.classification.${item.classification}`) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.district')}>
                {districtName(item.districtCode)}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.unit')}>
                {t(`case.unit.${item.assignedUnit}`)}
                {item.assignedDistrictCode ? ` · ${districtName(item.assignedDistrictCode)}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('officer.officer')}>
                {item.assignedOfficer?.displayName ?? t('officer.unassigned')}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.receivedAt')}>
                {formatDateTime(item.receivedAt, locale)}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.observedAt')}>
                {formatDateTime(item.observedAt, locale)}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.acknowledgeBy')}>
                {formatDateTime(item.deadlines.acknowledgeBy, locale)}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.feedbackBy')}>
                {formatDateTime(item.deadlines.feedbackBy, locale)}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.shop')} span={2}>
                {[item.shop.name, item.shop.address, item.shop.platformId].filter(Boolean).join(' · ') || '—'}
              </Descriptions.Item>
              {item.state === 'closed' ? (
                <>
                  <Descriptions.Item label={t('case.outcome')}>
                    {item.outcome ? t(`case.outcome.${item.outcome}`) : '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('transition.penaltyYuan')}>
                    {formatYuan(item.penaltyFen, locale)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('transition.summary')} span={2}>
                    {item.closingSummary ?? '—'}
                  </Descriptions.Item>
                </>
              ) : null}
            </Descriptions>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>
              {item.description}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={t('case.timeline')}>
            <CaseTimeline transitions={item.transitions} />
          </Card>
        </Col>
      </Row>
      {open && actions.length > 0 ? (
        <Card size="small" title={t('case.actions')}>
          <Tabs items={actions} />
        </Card>
      ) : null}
      {item.legalHold || can(roles, 'placeLegalHold') ? (
        <Card size="small" title={t('hold.title')}>
          <LegalHoldPanel
            caseId={item.id}
            hold={item.legalHold ?? null}
            canDecide={can(roles, 'placeLegalHold')}
          />
        </Card>
      ) : null}
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'evidence',
              label: `${t('case.evidence')} (${item.evidence.length})`,
              children: <EvidenceViewer caseId={item.id} evidence={item.evidence} />,
            },
            {
              key: 'messages',
              label: `${t('case.messages')} (${item.messages.length})`,
              children: (
                <CaseMessages
                  caseId={item.id}
                  identityCode={item.identityCode}
                  messages={item.messages}
                  canReply={can(roles, 'postCaseMessage')}
                />
              ),
            },
            {
              key: 'notes',
              label: `${t('case.notes')} (${item.notes.length})`,
              children: <CaseNotes caseId={item.id} notes={item.notes} canAdd={can(roles, 'addCaseNote')} />,
            },
            ...(can(roles, 'listAuditEvents')
              ? [
                  {
                    key: 'audit',
                    label: t('case.auditTrail'),
                    children: <AuditTrail subjectType="case" subjectId={item.id} />,
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </Space>
  );
}
