import type { Schema } from '@ezhili/sdk';

/** A case as getCase returns it, for component tests. */
export function caseDetail(overrides: Partial<Schema<'CaseDetail'>> = {}): Schema<'CaseDetail'> {
  return {
    id: 'case_test_1',
    identityCode: 'FZ-TEST-CODE-1',
    source: 'tip',
    state: 'investigating',
    outcome: null,
    category: 'unhygienic_kitchen',
    districtCode: '350102',
    classification: 'general',
    assignedUnit: 'district_bureau',
    assignedDistrictCode: '350102',
    assignedOfficer: null,
    receivedAt: '2026-12-01T08:00:00.000Z',
    updatedAt: '2026-12-02T08:00:00.000Z',
    deadlines: {
      acknowledgeBy: '2026-12-08T08:00:00.000Z',
      feedbackBy: '2027-03-01T08:00:00.000Z',
      acknowledgedAt: '2026-12-01T09:00:00.000Z',
      feedbackGivenAt: null,
      overdue: [],
    },
    description: 'Rats in the kitchen.',
    observedAt: '2026-11-30T20:00:00.000Z',
    shop: {
      shopId: 'shop_1',
      platformId: 'plt_demo',
      platformShopId: 'demo-1',
      name: '鼓楼小吃',
      address: '鼓楼区 1 号',
      districtCode: '350102',
    },
    penaltyFen: null,
    closingSummary: null,
    mergedIntoCaseId: null,
    closedAt: null,
    evidence: [],
    transitions: [
      {
        id: 'ctr_1',
        at: '2026-12-01T08:00:00.000Z',
        action: 'received',
        fromState: null,
        toState: 'received',
        actor: 'reporter',
        details: {},
      },
    ],
    notes: [],
    messages: [
      {
        id: 'msg_1',
        from: 'reporter',
        body: 'It was on Tuesday.',
        sentAt: '2026-12-01T10:00:00.000Z',
        attachments: [],
      },
    ],
    ...overrides,
  };
}
