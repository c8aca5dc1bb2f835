import { hash, pick } from '../core/random.js';
import { HISTORY_SPAN_MS } from './generator.js';
import { SALT, seededId } from './ids.js';
import { iso } from './shape.js';

const DAY = 86_400_000;

export interface Person {
  id: string;
  name: string;
  firstName: string;
}

/** An account as the bank keeps it: its JSON (every observed field) and what the generator needs. */
export interface AccountRecord {
  id: string;
  /** Its place in transaction ids (see `transactionId`). */
  slot: number;
  type: string;
  closed: boolean;
  json: Record<string, unknown>;
  owners: Person[];
  cardId: string;
  cardLastFour: string;
  /**
   * What the history's first salary leaves in the account once the pots have their opening deposits: the
   * balance at every block's end (see `TransactionGenerator`), 0 for a closed account.
   */
  float: number;
}

/** A pot, mutable: `balance` and `updated` change with deposits and withdrawals. */
export interface PotRecord {
  id: string;
  name: string;
  style: string;
  /** The sum of its moves; until the bank derives the history, what its opening deposit will be. */
  balance: number;
  currentAccountId: string;
  coverImageUrl: string;
  roundUp: boolean;
  roundUpMultiplier: number | null;
  created: number;
  updated: number;
  deleted: boolean;
  /** Withdrawals are refused before this time (epoch ms); absent for unlocked pots. */
  lockedUntil?: number;
  availableForBills: boolean;
  goalAmount: number | null;
}

export interface Dataset {
  user: Person;
  accounts: AccountRecord[];
  pots: PotRecord[];
}

/**
 * The least an account keeps between blocks, where a block's spending before its salary or refund dips it: over
 * 40 seeds of 100,000 transactions per account, the running balance went below zero at 2 positions of 7.7
 * million, to -£67.28 at worst.
 */
const FLOAT_MIN = 150_000;

const FIRST = ['Peter', 'Wendy', 'Alex', 'Sam', 'Priya', 'Tom', 'Maya', 'Omar', 'Chloe', 'Ravi'];
const LAST = ['Pan', 'Darling', 'Smith', 'Khan', 'Jones', 'Patel', 'Okafor', 'Nguyen', 'Evans', 'Murphy'];

/** The seeded user, partner, accounts and pots; transactions are derived separately, on demand. */
export function buildDataset(seed: number, now: number): Dataset {
  const person = (salt: number): Person => {
    const firstName = pick(FIRST, seed, salt, 1);
    return { id: seededId('user', seed, salt), firstName, name: `${firstName} ${pick(LAST, seed, salt, 2)}` };
  };
  const user = person(SALT.user);
  let partner = person(SALT.partner);
  if (partner.firstName === user.firstName)
    partner = { ...partner, firstName: 'Jordan', name: `Jordan ${partner.name.split(' ')[1]}` };

  const account = (
    slot: number,
    type: string,
    closed: boolean,
    owners: Person[],
    createdDaysAgo: number,
  ): AccountRecord => {
    const id = seededId('acc', seed, SALT.account, slot);
    const retail = type !== 'uk_prepaid';
    const accountNumber = String(10_000_000 + (hash(seed, slot, 11) % 90_000_000));
    const sortCode = `04${String(hash(seed, slot, 12) % 10_000).padStart(4, '0')}`;
    const json: Record<string, unknown> = {
      id,
      closed,
      created: iso(now - createdDaysAgo * DAY - (hash(seed, slot, 13) % DAY)),
      // Real descriptions are internal ids, not names (monzo-api.md §6.1).
      description: slot === 0 ? user.id : seededId('user', seed, SALT.description, slot),
      type,
      currency: 'GBP',
      country_code: 'GB',
      owners: owners.map((owner) => ({
        user_id: owner.id,
        preferred_name: owner.name,
        preferred_first_name: owner.firstName,
      })),
    };
    // Only current accounts have UK payment details; the legacy prepaid card had none.
    if (retail) {
      json.account_number = accountNumber;
      json.sort_code = sortCode;
      json.payment_details = { locale_uk: { account_number: accountNumber, sort_code: sortCode } };
    }
    return {
      id,
      slot,
      type,
      closed,
      json,
      owners,
      cardId: seededId('mccard', seed, SALT.card, slot),
      cardLastFour: String(1000 + (hash(seed, slot, 14) % 9000)),
      float: closed ? 0 : FLOAT_MIN + (hash(seed, slot, 15) % 250_000),
    };
  };
  const accounts = [
    account(0, 'uk_retail', false, [user], 900 + (hash(seed, 16) % 600)),
    account(1, 'uk_retail_joint', false, [user, partner], 420),
    account(2, 'uk_prepaid', true, [user], 2500),
  ];
  const [personal, joint] = accounts as [AccountRecord, AccountRecord];

  let potCount = 0;
  const pot = (accountId: string, name: string, style: string, extra: Partial<PotRecord>): PotRecord => {
    const k = potCount++;
    // Opened shortly before the history starts, whose opening deposits into them (the joint account is 420 days old).
    const created = now - HISTORY_SPAN_MS - (1 + (hash(seed, SALT.pot, k, 1) % 15)) * DAY;
    return {
      id: seededId('pot', seed, SALT.pot, k),
      name,
      style,
      balance: 1_000 + (hash(seed, SALT.pot, k, 2) % 300_000),
      currentAccountId: accountId,
      coverImageUrl: style === '' ? '' : `https://images.monzo.com/pots/${style}.png`,
      roundUp: false,
      roundUpMultiplier: null,
      created,
      updated: created + (hash(seed, SALT.pot, k, 3) % (20 * DAY)),
      deleted: false,
      availableForBills: false,
      goalAmount: null,
      ...extra,
    };
  };
  const pots = [
    pot(personal.id, 'Savings', 'beach_ball', { goalAmount: 500_000 }),
    pot(personal.id, 'Holiday', 'sunset', { roundUp: true, roundUpMultiplier: 2, goalAmount: 150_000 }),
    pot(personal.id, 'Bills', 'blue', { availableForBills: true }),
    pot(personal.id, 'Rainy day', '', { lockedUntil: now + 120 * DAY }),
    pot(personal.id, 'Old pot', 'green', { deleted: true, balance: 0 }),
    pot(joint.id, 'House deposit', 'yellow', { goalAmount: 2_000_000 }),
  ];
  return { user, accounts, pots };
}

/** A pot as the API returns it, every observed field present (`pots-list.observed.response.json`). */
export function potJson(pot: PotRecord, now: number): Record<string, unknown> {
  const locked = pot.lockedUntil !== undefined && now < pot.lockedUntil;
  const json: Record<string, unknown> = {
    id: pot.id,
    name: pot.name,
    style: pot.style,
    balance: pot.balance,
    currency: 'GBP',
    type: 'default',
    product_id: 'default',
    current_account_id: pot.currentAccountId,
    cover_image_url: pot.coverImageUrl,
    isa_wrapper: '',
    round_up: pot.roundUp,
    round_up_multiplier: pot.roundUpMultiplier,
    is_tax_pot: false,
    created: iso(pot.created),
    updated: iso(pot.updated),
    deleted: pot.deleted,
    locked,
  };
  if (locked) json.locked_until = iso(pot.lockedUntil as number);
  json.available_for_bills = pot.availableForBills;
  json.has_virtual_cards = false;
  json.goal_amount = pot.goalAmount;
  return json;
}
