export { DEFAULT_TIMEOUT_MS, failFastOptions, type RedisTarget } from './connection.js';
export { DEFAULT_LOCK_TTL_MS, DEFAULT_LOCK_WAIT_MS, type LockOptions } from './lock.js';
export { DEFAULT_TOKEN_KEY, RedisTokenStore, type RedisTokenStoreOptions } from './token-store.js';
export {
  DEFAULT_DEDUPE_PREFIX,
  RedisWebhookDedupe,
  type RedisWebhookDedupeOptions,
} from './webhook-dedupe.js';
