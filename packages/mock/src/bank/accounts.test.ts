import { describe, expect, it } from 'vitest';
import { session, sessionWithWorld } from './test-support.js';

describe('accounts and the seeded dataset', () => {
  it('lists the user’s accounts, filtered by account_type', async () => {
    const s = await session();
    const all = (await s.get('/accounts')).body.accounts;
    expect(all.map((account: { type: string }) => account.type)).toEqual([
      'uk_retail',
      'uk_retail_joint',
      'uk_prepaid',
    ]);
    expect(all.map((account: { closed: boolean }) => account.closed)).toEqual([false, false, true]);
    for (const type of ['uk_retail', 'uk_retail_joint']) {
      const filtered = (await s.get(`/accounts?account_type=${type}`)).body.accounts;
      expect(filtered.map((account: { type: string }) => account.type)).toEqual([type]);
    }
    expect((await s.get('/accounts?account_type=uk_business')).body.accounts).toEqual([]);
    const [personal] = await s.monzo.accounts.list({ account_type: 'uk_retail' });
    expect(personal?.id).toBe(s.personal);
    expect(personal?.owners?.[0]?.user_id).toBe(s.dataset.user_id);
  });

  it('is the same for the same seed and different for another, through the API', async () => {
    const view = async (seed: number) => {
      const s = await session({ seed });
      const pots = (await s.get(`/pots?current_account_id=${s.personal}`)).body;
      const page = (await s.get(`/transactions?account_id=${s.personal}&limit=100&expand[]=merchant`)).body;
      return {
        accounts: (await s.get('/accounts')).body,
        pots,
        page,
        balance: (await s.get(`/balance?account_id=${s.personal}`)).body,
      };
    };
    const [one, again, other] = [await view(11), await view(11), await view(12)];
    expect(again).toEqual(one);
    expect(other.accounts).not.toEqual(one.accounts);
    expect(other.page.transactions[0].amount).not.toBe(one.page.transactions[0].amount);
  });

  it('shows attachments and annotations on pages read before, as soon as they change', async () => {
    const s = await sessionWithWorld();
    const path = `/transactions?account_id=${s.personal}&limit=20`;
    const tx = (await s.get(path)).body.transactions[5];
    expect(tx.attachments).toBeNull();
    const attachment = {
      id: 'attach_0000Test',
      user_id: s.dataset.user_id,
      external_id: tx.id,
      file_url: 'http://127.0.0.1/a.png',
      file_type: 'image/png',
      created: tx.created,
    };
    s.world.bank.addAttachment(tx.id, attachment);
    expect((await s.get(path)).body.transactions[5].attachments).toEqual([attachment]);
    expect(s.world.bank.findTransaction(tx.id)?.attachments).toEqual([attachment]);

    await s.send('PATCH', `/transactions/${tx.id}`, { 'metadata[seen]': 'yes' });
    expect((await s.get(path)).body.transactions[5].metadata.seen).toBe('yes');

    expect(s.world.bank.removeAttachment('attach_0000Test')).toBe(true);
    expect(s.world.bank.removeAttachment('attach_0000Test')).toBe(false);
    expect((await s.get(`/transactions/${tx.id}`)).body.transaction.attachments).toBeNull();
    expect(s.world.bank.findTransaction('tx_0000Nope')).toBeUndefined();
  });
});
