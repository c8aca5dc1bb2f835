/**
 * `monzo-ts`: the client, the OAuth functions, token stores, the wire models, the errors and money helpers.
 *
 * @module monzo-ts
 */
export {
  type AuthorizationRequest,
  type AuthorizationRequestParams,
  createAuthorizationRequest,
  type ExchangeCodeParams,
  exchangeCode,
  type RefreshTokensParams,
  refreshTokens,
} from './auth/oauth.js';
export { FileTokenStore, type FileTokenStoreOptions } from './auth/stores/file.js';
export type { FileLockOptions } from './auth/stores/file-lock.js';
export { MemoryTokenStore } from './auth/stores/memory.js';
export type { PreparedSave, TokenStore } from './auth/stores/token-store.js';
export { isTokenSet, type TokenSet, withMaskedInspect } from './auth/token-set.js';
export { MonzoClient } from './client.js';
export {
  DEFAULT_API_URL,
  DEFAULT_AUTH_URL,
  DEFAULT_MAX_PAGE_BYTES,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_TIMEOUT_MS,
  type TransportOptions,
} from './config/defaults.js';
export type { MonzoClientOptions } from './config/options.js';
export type * from './core/error-types.js';
export * from './core/errors.js';
export type { Logger, RequestLogEvent } from './core/logger.js';
export type { RequestOptions } from './core/transport.js';
export type * from './models/account.js';
export type * from './models/attachment.js';
export type * from './models/balance.js';
export { type ExtraFieldName, extraField } from './models/extra.js';
export type * from './models/feed.js';
export type * from './models/open.js';
export type * from './models/pot.js';
export type * from './models/receipt.js';
export type * from './models/transaction.js';
export type * from './models/webhook.js';
export type * from './models/whoami.js';
export { currencyDecimals, formatAmount, parseAmount } from './money/amount.js';
export type { Accounts, ListAccountsParams } from './resources/accounts.js';
export type {
  Attachments,
  RegisterParams,
  UploadFileParams,
  UploadParams,
} from './resources/attachments.js';
export type { BalanceResource } from './resources/balance.js';
export type { Feed } from './resources/feed.js';
export type { PotDepositParams, Pots, PotWithdrawParams } from './resources/pots.js';
export type { Receipts } from './resources/receipts.js';
export type {
  Expandable,
  GetTransactionParams,
  ListTransactionsParams,
  TransactionFor,
  Transactions,
} from './resources/transactions.js';
export type { CreateWebhookParams, Webhooks } from './resources/webhooks.js';
export { VERSION } from './version.js';
