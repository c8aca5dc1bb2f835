import { type Counterparty, DECLINE_REASONS, Draw, REFERENCES } from './choices.js';
import type { TransactionGenerator } from './generator.js';
import { transactionTailIsUsual, writeTail } from './ids.js';
import { isoWritable, type JsonSink, TRANSACTION_ROOM } from './json-sink.js';
import { Family, HOLE, Template, WIDTH } from './json-template.js';
import type { CatalogueMerchant } from './merchants.js';

const { tail: TAIL, time: TIME, fpid: FPID, trn: TRN } = HOLE;

/**
 * Writes a generated transaction's JSON straight from its `Draw`, as `JSON.stringify` of the object path
 * (`TransactionGenerator.build`, then `Bank.present`) would, byte for byte (render-fast.test.ts holds it to
 * that). Building ~40 objects a transaction and serialising them was most of the time of a page read for the
 * first time. Here the text that depends only on the account, merchant, pot, owner or kind is serialised once,
 * at start, into templates (through `JSON.stringify`, so escaping is the object path's); a transaction is 4
 * or 5 of those copied in, their holes filled with its id and times, and its amounts written in between.
 */
export class TransactionWriter {
  readonly #generator: TransactionGenerator;
  readonly #draw = new Draw();
  readonly #slot: number;
  readonly #categories: number;
  readonly #owners: number;
  readonly #employer: number;
  // Made on first use (`Family`): most of the combinations are rarely or never needed, and making them all
  // took a few ms at each start. Card payments: head by merchant; metadata by merchant × (declined,
  // expanded); category by merchant × (custom category + 1); end by owner × (settled, pending, then declined
  // by reason).
  readonly #cardHead: Family;
  readonly #cardMeta: Family;
  readonly #cardCategory: Family;
  readonly #cardEnd: Family;
  readonly #topupHead: Family;
  readonly #topupEnd: Family;
  // Pot transfers: by pot; by pot × owner; by owner.
  readonly #potHead: Family;
  readonly #potMeta: Family;
  readonly #potEnd: Family;
  // Faster Payments: by reference (`REFERENCES`, then the salary's, then the rent's); metadata by reference ×
  // (in, out); end by party (the friends, the employer, then the landlord once per owner: rent, the one
  // payment out, is made by an owner).
  readonly #fpsHead: Family;
  readonly #fpsMeta: Family;
  readonly #fpsEnd: Family;

  constructor(generator: TransactionGenerator) {
    this.#generator = generator;
    const { account, merchants, customCategories, potIds } = generator.config;
    const { friends, employer, landlord } = generator.parties;
    const q = JSON.stringify;
    const users = account.owners.map((owner) => q(owner.id));
    const owners = users.length;
    const categories = customCategories.length + 1;
    const endings = 2 + DECLINE_REASONS.length;
    this.#slot = account.slot;
    this.#categories = customCategories.length;
    this.#owners = owners;
    this.#employer = friends.length;
    const merchant = (index: number) => merchants[index] as CatalogueMerchant;
    const user = (index: number) => users[index] as string;
    const head = (description: string) =>
      `{"id":"tx_0000${TAIL}","created":"${TIME}","description":${q(description)},"amount":`;
    const end = (user: string, scheme: string, dedupe: string, rest: string) =>
      `,"local_currency":"GBP","updated":"${TIME}","account_id":${q(account.id)},"user_id":${user},` +
      `"counterparty":{},"scheme":"${scheme}","dedupe_id":"${dedupe}${TAIL}${rest}`;

    this.#cardHead = new Family((m) => head(merchant(m).descriptor));
    this.#cardMeta = new Family((index) => {
      const m = merchant(index >> 2);
      return (
        `,"fees":{},"currency":"GBP","merchant":${q(index & 1 ? m.json : m.json.id)},"notes":"",` +
        '"metadata":{"ledger_insertion_id":' +
        (index & 2
          ? `"","mastercard_approval_type":"","mastercard_auth_message_id":"mcauthmsg_${TAIL}`
          : `"entryset_${TAIL}","mastercard_approval_type":"full","mastercard_auth_message_id":"mcauthmsg_${TAIL}`) +
        `","mastercard_card_id":${q(account.cardId)},"mastercard_lifecycle_id":"mclifecycle_${TAIL}`
      );
    });
    this.#cardCategory = new Family((index) => {
      const m = merchant(Math.floor(index / categories));
      const custom = (index % categories) - 1;
      const category = q(custom < 0 ? m.json.category : customCategories[custom]);
      return (
        `","mcc":${q(m.mcc)}},"labels":null,"attachments":null,"international":null,` +
        `"category":${category},"categories":{${category}:`
      );
    });
    this.#cardEnd = new Family((index) => {
      const ending = index % endings;
      const rest =
        ending < 2
          ? fields(false, true, true, ending === 1)
          : fields(false, false, true, false, `,"decline_reason":${q(DECLINE_REASONS[ending - 2])}`);
      return end(user(Math.floor(index / endings)), 'mastercard', 'mclifecycle:', rest);
    });

    this.#topupHead = new Family(() => head(`Top up from card ending ${account.cardLastFour}`));
    this.#topupEnd = new Family((o) => end(user(o), 'topup', 'topup:', fields(false, false, false, false)));

    this.#potHead = new Family((p) => head(potIds[p] as string));
    this.#potMeta = new Family(
      (index) =>
        `,"fees":{},"currency":"GBP","merchant":null,"notes":"","metadata":{"external_id":"pottransfer_${TAIL}",` +
        `"ledger_insertion_id":"entryset_${TAIL}","pot_id":${q(potIds[Math.floor(index / owners)])},` +
        `"trigger":"user","user_id":${user(index % owners)}},"labels":null,"attachments":null,` +
        '"international":null,"category":"savings","categories":{"savings":',
    );
    this.#potEnd = new Family((o) =>
      end(user(o), 'uk_retail_pot', 'pot:pottransfer_', fields(true, false, false, false)),
    );

    const references = [...REFERENCES, `SALARY ${employer.name}`, 'RENT'];
    this.#fpsHead = new Family((r) => head(references[r] as string));
    this.#fpsMeta = new Family((index) => {
      const reference = q(references[index >> 1]);
      return (
        `,"fees":{},"currency":"GBP","merchant":null,"notes":${reference},"metadata":{"faster_payment":"true",` +
        `"fps_fpid":"FP${FPID}","fps_payment_id":"FP${FPID}","insertion":"entryset_${TAIL}",` +
        `"notes":${reference},"trn":"FP${TRN}"},"labels":null,"attachments":null,"international":null,` +
        (index & 1
          ? '"category":"transfers","categories":{"transfers":'
          : '"category":"income","categories":null')
      );
    });
    this.#fpsEnd = new Family((index) => {
      // Money in has no user (`user_id: ""`).
      const inbound = index <= friends.length;
      const counterparty: Counterparty =
        index < friends.length ? (friends[index] as Counterparty) : inbound ? employer : landlord;
      return (
        `,"local_currency":"GBP","updated":"${TIME}","account_id":${q(account.id)},` +
        `"user_id":${inbound ? '""' : user(index - friends.length - 1)},` +
        `"counterparty":{"account_number":${q(counterparty.accountNumber)},"name":${q(counterparty.name)},` +
        `"sort_code":${q(counterparty.sortCode)},"user_id":${q(counterparty.anonUserId)}},` +
        `"scheme":"payport_faster_payments","dedupe_id":"com.monzo.fps:1234:FP${FPID}` +
        (inbound
          ? `:INBOUND${fields(false, false, false, false)}`
          : `:OUTBOUND${fields(true, true, false, false)}`)
      );
    });
  }

  /**
   * Appends transaction `i`'s JSON, as the API shows it without annotations; false (nothing written) for one
   * this cannot write: an id or a time wider than usual, which the object path writes instead.
   */
  write(sink: JsonSink, i: number, expand: boolean): boolean {
    const d = this.#generator.draw(i, this.#draw);
    const settled = d.settled;
    const updated = settled === undefined ? d.created + 181 : settled + 356;
    if (
      !transactionTailIsUsual(this.#slot, i) ||
      !isoWritable(d.created) ||
      !isoWritable(updated) ||
      (settled !== undefined && !isoWritable(settled))
    ) {
      return false;
    }
    sink.room(TRANSACTION_ROOM);
    let head: Template;
    switch (d.kind) {
      case 'card':
      case 'declined':
        head = this.#cardHead.at(d.merchant);
        break;
      case 'topup':
        head = this.#topupHead.at(0);
        break;
      case 'pot':
        head = this.#potHead.at(d.pot);
        break;
      default:
        head = this.#fpsHead.at(d.kind === 'fps' ? d.reference : REFERENCES.length + (d.amount >= 0 ? 0 : 1));
    }
    const at = sink.template(head);
    const tail = at + (head.tail[0] as number);
    writeTail(sink.bytes, tail, this.#slot, i, d.checkA, d.checkB);
    sink.isoAt(at + (head.time[0] as number), d.created);
    const amount = sink.length;
    sink.int(d.amount);
    const amountEnd = sink.length;
    let last: Template;
    // Where the FPID of a Faster Payment was written, for its end to copy; whether `categories` has an amount.
    let fpid = -1;
    let categories = true;
    switch (d.kind) {
      case 'card':
      case 'declined': {
        const declined = d.kind === 'declined';
        const m = d.merchant;
        fill(sink, this.#cardMeta.at(m * 4 + (declined ? 2 : 0) + (expand ? 1 : 0)), tail);
        sink.template(this.#cardCategory.at(m * (this.#categories + 1) + d.custom + 1));
        const ending = declined ? 2 + d.reason : d.pending ? 1 : 0;
        last = this.#cardEnd.at(d.owner * (2 + DECLINE_REASONS.length) + ending);
        break;
      }
      case 'topup':
        fill(sink, TOPUP_META, tail);
        last = this.#topupEnd.at(d.owner);
        break;
      case 'pot':
        fill(sink, this.#potMeta.at(d.pot * this.#owners + d.owner), tail);
        last = this.#potEnd.at(d.owner);
        break;
      default: {
        const inbound = d.amount >= 0;
        const reference = d.kind === 'fps' ? d.reference : REFERENCES.length + (inbound ? 0 : 1);
        const meta = this.#fpsMeta.at(reference * 2 + (inbound ? 0 : 1));
        const start = fill(sink, meta, tail);
        // The FPID: the tail in capitals, then its first 16 characters again; `trn` and the others copy it.
        fpid = start + (meta.fpid[0] as number);
        sink.upper(fpid, tail, WIDTH.tail);
        sink.copy(fpid + WIDTH.tail, fpid, WIDTH.fpid - WIDTH.tail);
        sink.copy(start + (meta.fpid[1] as number), fpid, WIDTH.fpid);
        sink.copy(start + (meta.trn[0] as number), fpid, WIDTH.trn);
        categories = !inbound;
        last = this.#fpsEnd.at(d.kind === 'fps' ? d.friend : this.#employer + (inbound ? 0 : 1 + d.owner));
      }
    }
    this.#times(sink, settled, amount, amountEnd, d.kind === 'topup', categories);
    const end = fill(sink, last, tail);
    sink.isoAt(end + (last.time[0] as number), updated);
    if (fpid >= 0) sink.copy(end + (last.fpid[0] as number), fpid, WIDTH.fpid);
    return true;
  }

  /** The amount closing `categories` (none for money in), `is_load`, `settled` and `local_amount`. */
  #times(
    sink: JsonSink,
    settled: number | undefined,
    amount: number,
    amountEnd: number,
    load: boolean,
    categories: boolean,
  ): void {
    const count = amountEnd - amount;
    if (categories) {
      sink.copy(sink.length, amount, count);
      sink.length += count;
      sink.byte(125); // }
    }
    if (settled === undefined) sink.template(UNSETTLED);
    else {
      const times = load ? LOADED : SETTLED;
      sink.isoAt(sink.template(times) + (times.time[0] as number), settled);
    }
    sink.copy(sink.length, amount, count);
    sink.length += count;
  }
}

/** Copies a template in and fills its tail holes from the tail written at `tail`; returns where it starts. */
function fill(sink: JsonSink, template: Template, tail: number): number {
  const at = sink.template(template);
  const holes = template.tail;
  for (let k = 0; k < holes.length; k++) sink.copy(at + (holes[k] as number), tail, WIDTH.tail);
  return at;
}

/** The fields after `dedupe_id`'s value, from its closing quote to the transaction's closing brace. */
function fields(
  originator: boolean,
  spending: boolean,
  canFlags: boolean,
  pending: boolean,
  extra = '',
): string {
  return (
    `","originator":${originator},"include_in_spending":${spending},` +
    `"can_be_excluded_from_breakdown":${canFlags},"can_be_made_subscription":${canFlags},` +
    `"can_split_the_bill":${canFlags},"can_add_to_tab":${canFlags},` +
    `"can_match_transactions_in_categorization":${canFlags},"amount_is_pending":${pending},` +
    `"atm_fees_detailed":null,"parent_account_id":""${extra}}`
  );
}

const TOPUP_META = new Template(
  `,"fees":{},"currency":"GBP","merchant":null,"notes":"","metadata":{"ledger_insertion_id":"entryset_${TAIL}",` +
    '"topup_source":"card"},"labels":null,"attachments":null,"international":null,' +
    '"category":"mondo","categories":{"mondo":',
);
const SETTLED = new Template(`,"is_load":false,"settled":"${TIME}","local_amount":`);
const LOADED = new Template(`,"is_load":true,"settled":"${TIME}","local_amount":`);
const UNSETTLED = new Template(',"is_load":false,"settled":"","local_amount":');
