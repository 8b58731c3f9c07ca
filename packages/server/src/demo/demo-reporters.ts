import { residentIdCheckCharacter } from '../identity/resident-id.js';

const residentId = (first17: string) => first17 + residentIdCheckCharacter(first17);

/**
 * Fictitious food-service workers who register an account in the demo (to be paid). Names,
 * numbers and accounts are made up; the resident ID numbers carry valid check characters.
 */
export const DEMO_REPORTERS = {
  /** Registers first and submits while logged in. */
  kitchenHand: {
    realName: '林晓梅',
    residentId: residentId('35010219900315242'),
    phone: '13800000001',
    bankAccount: { bankName: '福州示范银行', accountNumber: '6222000000000001', accountName: '林晓梅' },
    passphrase: 'demo passphrase kitchen',
  },
  /** Tips anonymously, then attaches this account when claiming the reward. */
  rider: {
    realName: '陈建国',
    residentId: residentId('35010419851102371'),
    phone: '13800000002',
    bankAccount: { bankName: '福州示范银行', accountNumber: '6222000000000002', accountName: '陈建国' },
    passphrase: 'demo passphrase rider',
  },
  /** A cook at a seafood stall, logged in. */
  cook: {
    realName: '黄志强',
    residentId: residentId('35010519780620153'),
    phone: '13800000003',
    bankAccount: { bankName: '福州示范银行', accountNumber: '6222000000000003', accountName: '黄志强' },
    passphrase: 'demo passphrase cook',
  },
} as const;

export type DemoReporter = (typeof DEMO_REPORTERS)[keyof typeof DEMO_REPORTERS];
