/**
 * Every staff-facing operation of the rewards and unsealing modules, as data, for identity-leak
 * tests: each is called with a staff token and its whole response must be free of the reporter's
 * personal data. The one response that legitimately carries an identity (getUnsealRequest by its
 * requester with the one-time key, once) is not in this list; tests drive it on purpose.
 */
export interface StaffOperationCall {
  operationId: string;
  who: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export function rewardStaffOperations(ids: {
  claimId: string;
  mismatchClaimId: string;
  caseId: string;
  unsealRequestId: string;
  share: string;
  forgedShare: string;
}): StaffOperationCall[] {
  const claim = `/rewards/claims/${ids.claimId}`;
  const mismatch = `/rewards/claims/${ids.mismatchClaimId}`;
  const unseal = `/unseal-requests/${ids.unsealRequestId}`;
  const readers = ['district', 'committee', 'finance', 'auditor1', 'admin', 'intake', 'detachment'];
  return [
    ...readers.map((who) => ({
      operationId: 'listRewardClaims',
      who,
      method: 'GET' as const,
      path: '/rewards/claims',
    })),
    ...readers.map((who) => ({ operationId: 'getRewardClaim', who, method: 'GET' as const, path: claim })),
    { operationId: 'getRewardRules', who: 'intake', method: 'GET', path: '/rewards/rules' },
    // Refused steps first (wrong role, wrong unit, bad amounts), then the allowed ones.
    {
      operationId: 'proposeReward',
      who: 'detachment',
      method: 'POST',
      path: `${claim}/proposal`,
      body: { level: 1, internalWhistleblower: true, reasons: 'x' },
    },
    {
      operationId: 'proposeReward',
      who: 'district',
      method: 'POST',
      path: `${claim}/proposal`,
      body: { level: 9, internalWhistleblower: true, reasons: 'x' },
    },
    {
      operationId: 'proposeReward',
      who: 'district',
      method: 'POST',
      path: `${claim}/proposal`,
      body: { level: 1, internalWhistleblower: true, reasons: 'Insider with photos.' },
    },
    {
      operationId: 'proposeReward',
      who: 'district',
      method: 'POST',
      path: `${mismatch}/proposal`,
      body: { level: 3, internalWhistleblower: false, reasons: 'Clues.' },
    },
    {
      operationId: 'determineReward',
      who: 'finance',
      method: 'POST',
      path: `${claim}/determination`,
      body: {},
    },
    {
      operationId: 'determineReward',
      who: 'committee',
      method: 'POST',
      path: `${claim}/determination`,
      body: { amountFen: 999_999_999, reason: 'Too much.' },
    },
    {
      operationId: 'determineReward',
      who: 'committee',
      method: 'POST',
      path: `${claim}/determination`,
      body: {},
    },
    {
      operationId: 'determineReward',
      who: 'committee',
      method: 'POST',
      path: `${mismatch}/determination`,
      body: {},
    },
    {
      operationId: 'approvePayout',
      who: 'committee',
      method: 'POST',
      path: `${claim}/payout-approval`,
      body: {},
    },
    {
      operationId: 'approvePayout',
      who: 'finance',
      method: 'POST',
      path: `${mismatch}/payout-approval`,
      body: {},
    },
    {
      operationId: 'approvePayout',
      who: 'finance',
      method: 'POST',
      path: `${claim}/payout-approval`,
      body: { note: 'batch 1' },
    },
    {
      operationId: 'approvePayout',
      who: 'finance',
      method: 'POST',
      path: `${claim}/payout-approval`,
      body: {},
    },
    { operationId: 'getRewardClaim', who: 'auditor1', method: 'GET', path: claim },
    {
      operationId: 'createUnsealRequest',
      who: 'finance',
      method: 'POST',
      path: '/unseal-requests',
      body: { caseId: ids.caseId, legalBasis: 'none', reason: 'Just curious about it.' },
    },
    {
      operationId: 'submitUnsealShare',
      who: 'auditor1',
      method: 'POST',
      path: `${unseal}/shares`,
      body: { share: ids.share },
    },
    {
      operationId: 'submitUnsealShare',
      who: 'auditor1',
      method: 'POST',
      path: `${unseal}/shares`,
      body: { share: ids.share },
    },
    {
      operationId: 'submitUnsealShare',
      who: 'auditor2',
      method: 'POST',
      path: `${unseal}/shares`,
      body: { share: ids.forgedShare },
    },
    { operationId: 'getUnsealRequest', who: 'auditor2', method: 'GET', path: unseal },
    {
      operationId: 'getUnsealRequest',
      who: 'admin',
      method: 'GET',
      path: unseal,
      headers: { 'ezhili-unseal-key': 'A'.repeat(43) },
    },
    { operationId: 'getUnsealRequest', who: 'finance', method: 'GET', path: unseal },
  ];
}
