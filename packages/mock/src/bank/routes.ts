import type { Route } from '../core/router.js';
import { accountRoutes } from './routes-accounts.js';
import { transactionRoutes } from './routes-transactions.js';

/** Every route of the money: accounts, balance, pots, transactions. All need an approved token. */
export const bankRoutes: Route[] = [...accountRoutes, ...transactionRoutes];
