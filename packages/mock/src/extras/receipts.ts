import { fail, MockHttpError } from '../core/http.js';

/**
 * Receipts (monzo-api.md §5.13–5.15, §6.6, §11): the JSON body of `PUT /transaction-receipts` checked field by field,
 * and the receipt as `GET` answers it, shaped like `receipt-get.observed.response.json`.
 *
 * Error codes name the field itself (`bad_request.missing_param.tax`, as monzo-api.md §11 gives for `tax`), and the
 * message says where it is (`items[0].sub_items[1].tax`).
 */

type Json = Record<string, unknown>;

export interface ReceiptItemOut {
  description: string;
  quantity: number;
  unit?: string;
  amount: number;
  currency: string;
  tax: number;
  sub_items: ReceiptItemOut[];
}

/** A receipt as `GET /transaction-receipts` answers it; `id` is added when it is stored. */
export interface ReceiptBody {
  external_id: string;
  transaction_id: string;
  proof_of_purchase_id: string;
  total: number;
  currency: string;
  merchant: Json;
  payments: Json[];
  taxes: Json[];
  items: ReceiptItemOut[];
  barcode: null;
}

const PAYMENT_TYPES = ['card', 'cash', 'gift_card'];
const PAYMENT_STRINGS = ['bin', 'last_four', 'auth_code', 'aid', 'mid', 'tid', 'gift_card_type'];
/** The merchant fields a read-back always carries, empty when not sent (observed). */
const MERCHANT_DEFAULTS: Json = {
  name: '',
  online: false,
  phone: '',
  email: '',
  store_name: '',
  store_address: '',
  store_postcode: '',
};

/**
 * Checks a receipt body and returns it as it will be read back. Totals that do not add up are accepted: the
 * docs' own example does not add up (monzo-api.md §10.5). The transaction's existence is checked by the route.
 */
export function parseReceipt(body: unknown): ReceiptBody {
  if (!isObject(body)) throw fail.badRequest('bad_request.bad_param.body', 'The body must be a JSON object');
  // Checked in the order the docs list the required fields, so the first problem is the one reported.
  const transaction_id = text(body, 'transaction_id', '');
  const external_id = text(body, 'external_id', '');
  const total = integer(body, 'total', '');
  if (total <= 0) throw fail.badParam('total', 'total must be a positive amount in minor units');
  const currency = text(body, 'currency', '');
  const items = list(body, 'items', '', true);
  if (items.length === 0) throw fail.missingParam('items');
  return {
    external_id,
    transaction_id,
    proof_of_purchase_id: '',
    total,
    currency,
    merchant: merchant(body.merchant),
    payments: list(body, 'payments', '', false).map((payment, index) =>
      parsePayment(payment, `payments[${index}]`),
    ),
    taxes: list(body, 'taxes', '', false).map((tax, index) => parseTax(tax, `taxes[${index}]`)),
    items: items.map((item, index) => parseItem(item, `items[${index}]`, true)),
    barcode: null,
  };
}

function parseItem(value: unknown, at: string, top: boolean): ReceiptItemOut {
  const item = objectAt(value, at);
  const description = text(item, 'description', at);
  const amount = integer(item, 'amount', at);
  const currency = text(item, 'currency', at);
  const tax = integer(item, 'tax', at);
  const quantity = item.quantity ?? 1;
  if (typeof quantity !== 'number' || !Number.isFinite(quantity)) {
    throw fail.badParam('quantity', `${at}.quantity must be a number`);
  }
  const unit = item.unit ?? '';
  if (typeof unit !== 'string') throw fail.badParam('unit', `${at}.unit must be a string`);
  const subItems = list(item, 'sub_items', at, false);
  if (!top && subItems.length > 0)
    throw fail.badParam('sub_items', `${at} is a sub-item: it cannot have sub_items`);
  const sub_items = subItems.map((sub, index) => parseItem(sub, `${at}.sub_items[${index}]`, false));
  // Field order and the absent empty `unit` follow the observed read-back.
  return unit
    ? { description, quantity, unit, amount, currency, tax, sub_items }
    : { description, quantity, amount, currency, tax, sub_items };
}

function parseTax(value: unknown, at: string): Json {
  const tax = objectAt(value, at);
  const out: Json = {
    description: text(tax, 'description', at),
    amount: integer(tax, 'amount', at),
    currency: text(tax, 'currency', at),
  };
  if (tax.tax_number !== undefined) out.tax_number = optionalText(tax, 'tax_number', at);
  return out;
}

function parsePayment(value: unknown, at: string): Json {
  const payment = objectAt(value, at);
  const type = text(payment, 'type', at);
  if (!PAYMENT_TYPES.includes(type)) {
    throw fail.badParam('type', `${at}.type must be one of ${PAYMENT_TYPES.join(', ')}`);
  }
  const out: Json = { type, amount: integer(payment, 'amount', at), currency: text(payment, 'currency', at) };
  for (const name of PAYMENT_STRINGS) {
    if (payment[name] !== undefined) out[name] = optionalText(payment, name, at);
  }
  return out;
}

function merchant(value: unknown): Json {
  if (value === undefined || value === null) return { ...MERCHANT_DEFAULTS };
  const given = objectAt(value, 'merchant');
  const out: Json = { ...MERCHANT_DEFAULTS };
  for (const [name, fallback] of Object.entries(MERCHANT_DEFAULTS)) {
    const field = given[name];
    if (field === undefined || field === null) continue;
    if (typeof field !== typeof fallback) {
      throw fail.badParam(name, `merchant.${name} must be a ${typeof fallback}`);
    }
    out[name] = field;
  }
  return out;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(value: unknown, at: string): Json {
  if (!isObject(value)) throw fail.badParam(leaf(at), `${at} must be an object`);
  return value;
}

/** A required, non-empty string. */
function text(object: Json, name: string, at: string): string {
  const value = object[name];
  if (value === undefined || value === null || value === '') {
    throw new MockHttpError(
      400,
      `bad_request.missing_param.${name}`,
      `The field '${path(at, name)}' is required`,
    );
  }
  if (typeof value !== 'string') throw fail.badParam(name, `${path(at, name)} must be a string`);
  return value;
}

function optionalText(object: Json, name: string, at: string): string {
  const value = object[name];
  if (typeof value !== 'string') throw fail.badParam(name, `${path(at, name)} must be a string`);
  return value;
}

/** A required whole number of minor units (amounts, totals, taxes). */
function integer(object: Json, name: string, at: string): number {
  const value = object[name];
  if (value === undefined || value === null) {
    throw new MockHttpError(
      400,
      `bad_request.missing_param.${name}`,
      `The field '${path(at, name)}' is required`,
    );
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw fail.badParam(name, `${path(at, name)} must be a whole number of minor units`);
  }
  return value;
}

function list(object: Json, name: string, at: string, needed: boolean): unknown[] {
  const value = object[name];
  if (value === undefined || value === null) {
    if (!needed) return [];
    throw new MockHttpError(
      400,
      `bad_request.missing_param.${name}`,
      `The field '${path(at, name)}' is required`,
    );
  }
  if (!Array.isArray(value)) throw fail.badParam(name, `${path(at, name)} must be an array`);
  return value;
}

function path(at: string, name: string): string {
  return at ? `${at}.${name}` : name;
}

/** `items[0].sub_items[1]` → `sub_items`: the field name an error code carries. */
function leaf(at: string): string {
  return /([a-z_]+)(?:\[\d+\])?$/.exec(at)?.[1] ?? at;
}
