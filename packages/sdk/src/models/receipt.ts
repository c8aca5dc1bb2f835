/** A line of a receipt; `sub_items` carry no `sub_items` of their own. */
export interface ReceiptItem {
  description: string;
  amount: number;
  currency: string;
  quantity?: number;
  unit?: string;
  /** Sent as 0 when left out: Monzo's own app always sends it, and the API may refuse items without it. */
  tax?: number;
  sub_items?: ReceiptItem[];
}

/** A tax line of a receipt, such as VAT. */
export interface ReceiptTax {
  description: string;
  amount: number;
  currency: string;
  tax_number?: string;
}

/** How a receipt was paid; a receipt may list several payments (part card, part gift card). */
export interface ReceiptPayment {
  type: 'card' | 'cash' | 'gift_card' | (string & {});
  amount: number;
  currency: string;
  last_four?: string;
  gift_card_type?: string;
  bin?: string;
  auth_code?: string;
  aid?: string;
  mid?: string;
  tid?: string;
}

/** The shop as the receipt shows it, which may differ from Monzo's merchant record. */
export interface ReceiptMerchant {
  name?: string;
  online?: boolean;
  phone?: string;
  email?: string;
  store_name?: string;
  store_address?: string;
  store_postcode?: string;
}

/** What `receipts.create` sends (monzo-api.md §6.6). `external_id` is your idempotency key: the same one replaces. */
export interface ReceiptInput {
  transaction_id: string;
  external_id: string;
  total: number;
  currency: string;
  items: ReceiptItem[];
  taxes?: ReceiptTax[];
  payments?: ReceiptPayment[];
  merchant?: ReceiptMerchant;
}

/** A receipt as Monzo returns it. */
export interface Receipt extends ReceiptInput {
  id: string;
  proof_of_purchase_id?: string;
  barcode?: unknown;
}
