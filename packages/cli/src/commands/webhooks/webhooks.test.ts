import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness } from '../../../test/harness.js';

describe('monzo webhooks', () => {
  let cli: Awaited<ReturnType<typeof cliHarness>>;
  let receiver: Server;
  let receiverUrl: string;
  const received: unknown[] = [];
  let onDelivery = () => {};

  beforeAll(async () => {
    cli = await cliHarness();
    await cli.loggedIn();
    // A loopback receiver, to see the emulator deliver to the URL the CLI registered.
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push(JSON.parse(body));
        response.end();
        onDelivery();
      });
    });
    await new Promise<void>((ready) => receiver.listen(0, '127.0.0.1', ready));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook?secret=s3`;
  });
  afterAll(async () => {
    await cli.close();
    await new Promise((closed) => receiver.close(closed));
  });

  const listed = async (...extra: string[]) => {
    const result = await cli.run(['webhooks', 'list', '--json', ...extra]);
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as { id: string; url: string; account_id: string }[];
  };

  it('adds, lists, delivers to, and removes a webhook', async () => {
    const empty = await cli.run(['webhooks', 'list']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('no webhooks');

    const added = await cli.run(['webhooks', 'add', receiverUrl]);
    expect(added.code).toBe(0);
    const id = added.stdout.trim();
    expect(id).toMatch(/^webhook_\w+$/);
    // The secret in the URL never reaches the terminal, with --json neither.
    const masked = receiverUrl.replace('secret=s3', 'secret=***');
    expect(await listed()).toEqual([expect.objectContaining({ id, url: masked })]);
    const table = await cli.run(['webhooks', 'list']);
    expect(table.stdout).toContain(id);
    expect(table.stdout).toContain(masked);
    expect(table.stdout).not.toContain('secret=s3');
    const json = await cli.run(['webhooks', 'list', '--json']);
    expect(json.stdout).not.toContain('s3');

    const delivered = new Promise<void>((done) => (onDelivery = done));
    cli.mock.control.createTransaction({ amount: -250 });
    await delivered;
    expect(received[0]).toMatchObject({ type: 'transaction.created', data: { amount: -250 } });

    const removed = await cli.run(['webhooks', 'remove', id, '--json']);
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toEqual({ id, removed: true });
    expect(await listed()).toEqual([]);
  });

  it('adds to the account chosen with --account, printing the webhook with --json', async () => {
    const joint = cli.mock.control.dataset().accounts.find((a) => a.type === 'uk_retail_joint')?.id;
    const added = await cli.run([
      'webhooks',
      'add',
      'https://example.com/joint?secret=hunter2',
      '--account',
      'joint',
      '--json',
    ]);
    expect(added.code).toBe(0);
    const webhook = JSON.parse(added.stdout) as { id: string; account_id: string; url: string };
    expect(webhook.account_id).toBe(joint);
    expect(webhook.url).toBe('https://example.com/joint?secret=***');
    expect((await listed('--account', 'joint')).map((w) => w.id)).toEqual([webhook.id]);
    expect(await listed()).toEqual([]);
  });

  it('refuses a URL that is not http(s) with exit 2 before any request; an unknown id exits 1', async () => {
    cli.mock.control.resetCounters();
    for (const url of ['example.com/hook', 'ftp://example.com/hook', 'http://']) {
      const result = await cli.run(['webhooks', 'add', url]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('is not an absolute http(s) URL');
    }
    expect(cli.mock.control.counters().requests).toEqual({});
    const unknown = await cli.run(['webhooks', 'remove', 'webhook_0000nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('error:');
    expect((await cli.run(['webhooks', 'remove'])).code).toBe(2);
    expect((await cli.run(['webhooks', 'listen', '--port', 'nope'])).code).toBe(2);
  });

  it('when the answer to add is lost, points to `monzo webhooks list` before adding again; remove says repeat', async () => {
    const url = receiverUrl.replace('/hook?', '/lost?');
    const dropping = cli.mock.control.fault({ path: 'POST /webhooks', reset: 'after' });
    const added = await cli.run(['webhooks', 'add', url]);
    dropping();
    expect(added.code).toBe(1);
    expect(added.stderr).toContain('The webhook may or may not have been added.');
    expect(added.stderr).toMatch(/→ run `monzo webhooks list --account acc_\w+` before adding it again/);
    // It was added, once: the advice finds it rather than adding a second.
    // (listed with its secret masked)
    const found = (await listed()).filter((webhook) => webhook.url.includes('/lost?'));
    expect(found).toHaveLength(1);

    const cut = cli.mock.control.fault({ path: 'DELETE /webhooks/:webhook_id', malformed: true });
    const removed = await cli.run(['webhooks', 'remove', found[0]?.id ?? '']);
    cut();
    expect(removed.code).toBe(1);
    expect(removed.stderr).toContain('→ run the same command again: removing twice is safe');
    expect((await listed()).some((webhook) => webhook.url.includes('/lost?'))).toBe(false);
  });
});
