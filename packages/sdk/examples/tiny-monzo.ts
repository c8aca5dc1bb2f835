/**
 * A tiny stand-in for the Monzo API on loopback, enough for the demo and the SDK's end-to-end test: OAuth with
 * an auto-approved login, rotating single-use refresh tokens, expiring access tokens, accounts, balance, pots with
 * exactly-once moves, and paginated transactions. The full emulator is `@monzo-ts/mock`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TinyMonzoOptions {
  clientId?: string;
  clientSecret?: string;
  transactions?: number;
  tokenTtlSeconds?: number;
}

interface Pot {
  id: string;
  name: string;
  style: string;
  balance: number;
  currency: string;
  created: string;
  updated: string;
  deleted: boolean;
}

type Reply = { status: number; body?: unknown; location?: string };

const error = (status: number, code: string, message: string): Reply => ({ status, body: { code, message } });

/** Starts the server on 127.0.0.1 and a free port. */
export async function startTinyMonzo(options: TinyMonzoOptions = {}) {
  const clientId = options.clientId ?? 'oauth2client_demo';
  const clientSecret = options.clientSecret ?? `secret_${randomUUID()}`;
  const ttl = options.tokenTtlSeconds ?? 21_600;
  const created = '2026-01-01T09:00:00.000Z';
  const accounts = [
    {
      id: 'acc_personal',
      description: 'user_demo',
      created,
      closed: false,
      type: 'uk_retail',
      currency: 'GBP',
    },
    {
      id: 'acc_joint',
      description: 'user_demo',
      created,
      closed: false,
      type: 'uk_retail_joint',
      currency: 'GBP',
    },
    { id: 'acc_old', description: 'user_demo', created, closed: true, type: 'uk_prepaid', currency: 'GBP' },
  ];
  const balances = new Map([
    ['acc_personal', 250_000],
    ['acc_joint', 90_000],
  ]);
  const pots: Pot[] = [
    {
      id: 'pot_holiday',
      name: 'Holiday',
      style: 'beach_ball',
      balance: 12_000,
      currency: 'GBP',
      created,
      updated: created,
      deleted: false,
    },
  ];
  const count = options.transactions ?? 250;
  // One transaction an hour up to now, so they all fall inside the 90-day window.
  const firstAt = Date.now() - count * 3_600_000;
  const transactions = Array.from({ length: count }, (_, index) => ({
    id: `tx_${String(index).padStart(6, '0')}`,
    account_id: 'acc_personal',
    amount: -((index * 137) % 5_000) - 100,
    currency: 'GBP',
    created: new Date(firstAt + index * 3_600_000).toISOString(),
    description: `Merchant ${index % 17}`,
    merchant: null,
    metadata: {} as Record<string, string>,
    notes: '',
    is_load: false,
    settled: index < count - 3 ? new Date(firstAt + (index + 24) * 3_600_000).toISOString() : '',
    category: index % 5 === 0 ? 'groceries' : 'eating_out',
  }));
  const codes = new Map<string, string>();
  const moves = new Map<string, Pot>();
  let access: { token: string; expiresAt: number } | undefined;
  let refreshToken: string | undefined;
  const counters = { refreshes: 0, requests: 0 };

  const issueTokens = () => {
    access = { token: `access_${randomUUID()}`, expiresAt: Date.now() + ttl * 1000 };
    refreshToken = `refresh_${randomUUID()}`;
    return {
      access_token: access.token,
      client_id: clientId,
      expires_in: ttl,
      refresh_token: refreshToken,
      token_type: 'Bearer',
      user_id: 'user_demo',
    };
  };

  const route = (method: string, url: URL, form: URLSearchParams, bearer: string | undefined): Reply => {
    if (method === 'GET' && url.pathname === '/') {
      // The login page, approved at once: redirect back with a code and the untouched state.
      const code = `code_${randomUUID()}`;
      codes.set(code, url.searchParams.get('redirect_uri') ?? '');
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      return { status: 302, location: back.toString() };
    }
    if (method === 'POST' && url.pathname === '/oauth2/token') {
      if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
        return error(401, 'unauthorized.bad_client_credentials', 'Bad client credentials');
      }
      if (form.get('grant_type') === 'authorization_code') {
        const code = form.get('code') ?? '';
        if (codes.get(code) !== form.get('redirect_uri'))
          return error(400, 'bad_request.bad_param.code', 'Bad code');
        codes.delete(code);
        return { status: 200, body: issueTokens() };
      }
      if (!refreshToken || form.get('refresh_token') !== refreshToken) {
        return error(401, 'unauthorized.bad_refresh_token', 'Bad refresh token');
      }
      counters.refreshes++;
      return { status: 200, body: issueTokens() };
    }
    if (!access || bearer !== access.token) {
      return error(401, 'unauthorized.bad_access_token', 'Access token is not valid');
    }
    if (Date.now() >= access.expiresAt) {
      return error(401, 'unauthorized.bad_access_token.expired', 'Access token has expired');
    }
    if (method === 'GET' && url.pathname === '/ping/whoami') {
      return { status: 200, body: { authenticated: true, client_id: clientId, user_id: 'user_demo' } };
    }
    if (method === 'POST' && url.pathname === '/oauth2/logout') {
      access = undefined;
      refreshToken = undefined;
      return { status: 200, body: {} };
    }
    if (method === 'GET' && url.pathname === '/accounts') return { status: 200, body: { accounts } };
    if (method === 'GET' && url.pathname === '/balance') {
      const id = url.searchParams.get('account_id') ?? '';
      const balance = balances.get(id);
      if (balance === undefined)
        return error(400, 'bad_request.missing_param.account_id', "The field 'account_id' is required");
      const inPots = id === 'acc_personal' ? pots.reduce((sum, pot) => sum + pot.balance, 0) : 0;
      return {
        status: 200,
        body: { balance, total_balance: balance + inPots, currency: 'GBP', spend_today: -1_250 },
      };
    }
    if (method === 'GET' && url.pathname === '/pots') return { status: 200, body: { pots } };
    const potMove = /^\/pots\/([^/]+)\/(deposit|withdraw)$/.exec(url.pathname);
    if (method === 'PUT' && potMove) return movePot(potMove[1] ?? '', potMove[2] === 'deposit', form);
    if (method === 'GET' && url.pathname === '/transactions') return listTransactions(url.searchParams);
    const annotate = /^\/transactions\/([^/]+)$/.exec(url.pathname);
    if (method === 'PATCH' && annotate) {
      const tx = transactions.find((candidate) => candidate.id === decodeURIComponent(annotate[1] ?? ''));
      if (!tx) return error(404, 'not_found.transaction', 'No such transaction');
      for (const [key, value] of form) {
        const name = /^metadata\[(.*)\]$/.exec(key)?.[1];
        if (name === undefined) continue;
        if (value === '') delete tx.metadata[name];
        else tx.metadata[name] = value;
        if (name === 'notes') tx.notes = value;
      }
      return { status: 200, body: { transaction: tx } };
    }
    return error(404, 'not_found', `No route for ${method} ${url.pathname}`);
  };

  const movePot = (potId: string, deposit: boolean, form: URLSearchParams): Reply => {
    const pot = pots.find((candidate) => candidate.id === potId);
    if (!pot) return error(404, 'not_found.pot', 'No such pot');
    const dedupeId = form.get('dedupe_id') ?? '';
    const replay = moves.get(dedupeId);
    if (replay) return { status: 200, body: replay };
    const amount = Number(form.get('amount'));
    const accountId = form.get(deposit ? 'source_account_id' : 'destination_account_id') ?? '';
    const balance = balances.get(accountId);
    if (!Number.isSafeInteger(amount) || amount <= 0)
      return error(400, 'bad_request.bad_param.amount', 'Bad amount');
    if (balance === undefined) return error(400, 'bad_request.bad_param.account_id', 'Unknown account');
    if ((deposit ? balance : pot.balance) < amount)
      return error(400, 'bad_request.insufficient_funds', 'Insufficient funds');
    balances.set(accountId, balance + (deposit ? -amount : amount));
    pot.balance += deposit ? amount : -amount;
    pot.updated = new Date().toISOString();
    moves.set(dedupeId, { ...pot });
    return { status: 200, body: pot };
  };

  const listTransactions = (query: URLSearchParams): Reply => {
    if (!query.get('account_id'))
      return error(400, 'bad_request.missing_param.account_id', "The field 'account_id' is required");
    const limit = Number(query.get('limit') ?? 30);
    const since = query.get('since');
    let start = 0;
    if (since?.startsWith('tx_')) start = transactions.findIndex((tx) => tx.id === since) + 1;
    else if (since) start = transactions.findIndex((tx) => tx.created >= since);
    const page = start < 0 ? [] : transactions.slice(start, start + limit);
    return { status: 200, body: { transactions: page } };
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    counters.requests++;
    let text = '';
    for await (const chunk of req) text += chunk;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const bearer = req.headers.authorization?.replace(/^Bearer /, '');
    const reply = route(req.method ?? 'GET', url, new URLSearchParams(text), bearer);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (reply.location) headers.Location = reply.location;
    res.writeHead(reply.status, headers);
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    clientId,
    clientSecret,
    counters,
    /** Makes the current access token expired, as if hours had passed. */
    expireAccessToken() {
      if (access) access.expiresAt = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
