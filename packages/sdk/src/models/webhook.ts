/** A webhook registered on an account (monzo-api.md §6.7). */
export interface Webhook {
  id: string;
  account_id: string;
  url: string;
}
