/** `GET /ping/whoami` (monzo-api.md §3.7). */
export interface WhoAmI {
  authenticated: boolean;
  client_id: string;
  user_id: string;
}
