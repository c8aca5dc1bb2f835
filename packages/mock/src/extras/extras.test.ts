import { describe, expect, it } from 'vitest';
import { Clock } from '../core/clock.js';
import { Counters } from '../infra/counters.js';
import type { World } from '../world.js';
import { Extras } from './extras.js';
import { parseReceipt } from './receipts.js';

/**
 * The emulator registers one OAuth client, so a second client cannot log in over HTTP; these checks of what
 * belongs to which client use a world with only the parts `Extras` touches.
 */
function extrasAlone() {
  const world = {
    options: { seed: 1, webhookRetryDelaysMs: [1], baseUrl: 'http://127.0.0.1' },
    counters: new Counters(),
    clock: new Clock(),
    bank: {
      onTransactionCreated: () => () => {},
      addAttachment: () => {},
      removeAttachment: () => true,
    },
  } as unknown as World;
  return new Extras(world);
}

const receipt = (external_id: string) =>
  parseReceipt({
    transaction_id: 'tx_1',
    external_id,
    total: 100,
    currency: 'GBP',
    items: [{ description: 'Tea', amount: 100, currency: 'GBP', tax: 0 }],
  });

describe('what belongs to which client', () => {
  it('keeps receipts per client: the same external_id from two clients is two receipts', () => {
    const extras = extrasAlone();
    const mine = extras.putReceipt('client_a', receipt('order-1'));
    const theirs = extras.putReceipt('client_b', receipt('order-1'));
    expect(theirs.id).not.toBe(mine.id);
    expect(extras.getReceipt('client_a', 'order-1')?.id).toBe(mine.id);
    expect(extras.deleteReceipt('client_c', 'order-1')).toBe(false);
    expect(extras.deleteReceipt('client_b', 'order-1')).toBe(true);
    expect(extras.getReceipt('client_a', 'order-1')).toBeDefined();
  });

  it("lists and deletes only the calling client's webhooks", () => {
    const extras = extrasAlone();
    const mine = extras.addWebhook('client_a', 'acc_1', 'https://a.example/hook');
    extras.addWebhook('client_b', 'acc_1', 'https://b.example/hook');
    expect(extras.listWebhooks('client_a', 'acc_1').map((hook) => hook.url)).toEqual([
      'https://a.example/hook',
    ]);
    expect(extras.deleteWebhook('client_b', mine.id)).toBe(false);
    expect(extras.deleteWebhook('client_a', mine.id)).toBe(true);
  });

  it('gives the same ids for the same seed and the same calls', () => {
    const ids = () => {
      const extras = extrasAlone();
      return [extras.addWebhook('c', 'acc_1', 'https://x/').id, extras.putReceipt('c', receipt('r')).id];
    };
    expect(ids()).toEqual(ids());
  });
});
