/** A webhook registered on an account (SPEC §6.7). */
export interface Webhook {
  id: string;
  account_id: string;
  url: string;
}
