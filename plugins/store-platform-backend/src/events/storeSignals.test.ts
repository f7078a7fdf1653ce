import { SignalPayload } from '@backstage/plugin-signals-node';
import { newTestStore } from '../__testUtils__/testStores';
import { inMemoryStoreKnex } from '../__testUtils__/inMemoryStores';
import { StoreDatabase } from '../database/StoreDatabase';
import { StoreService } from '../service/StoreService';
import { mockServices } from '@backstage/backend-test-utils';
import { publishToAll, signalsStoreLiveSignals } from './storeSignals';

/** A SignalsService that keeps what it was asked to publish. */
function recordingSignals(onPublish?: (s: SignalPayload) => Promise<void>) {
  const sent: SignalPayload[] = [];
  return {
    sent,
    signals: {
      async publish(signal: SignalPayload) {
        await onPublish?.(signal);
        sent.push(signal);
      },
    },
  };
}

describe('store live signals', () => {
  it('broadcasts a hint per store and one for the list, never the store itself', async () => {
    const { sent, signals } = recordingSignals();
    const live = signalsStoreLiveSignals(signals as any, { repeatAfterMs: 0 });
    const knex = await inMemoryStoreKnex();
    try {
      const db = new StoreDatabase(knex);
      const service = new StoreService(
        db,
        live,
        mockServices.logger.mock(),
        live,
      );
      const store = await service.register(
        newTestStore('acme', { title: 'Acme Secret Shop' }),
      );
      expect(sent).toEqual([
        {
          recipients: { type: 'broadcast' },
          channel: 'store-platform:store:acme',
          message: { type: 'changed', storeId: 'acme' },
        },
        {
          recipients: { type: 'broadcast' },
          channel: 'store-platform:stores',
          message: { type: 'changed' },
        },
      ]);
      // Nothing of the record travels: owner, title, url stay behind the API.
      expect(JSON.stringify(sent)).not.toContain(store.owner);
      expect(JSON.stringify(sent)).not.toContain(store.title);
    } finally {
      await knex.destroy();
    }
  });

  it('signals after the change is committed: a receiver re-reading finds it', async () => {
    const knex = await inMemoryStoreKnex();
    try {
      const db = new StoreDatabase(knex);
      const seen: string[] = [];
      const { signals } = recordingSignals(async signal => {
        if (signal.channel === 'store-platform:store:acme') {
          seen.push((await db.get('acme')).status);
        }
      });
      const live = signalsStoreLiveSignals(signals as any, {
        repeatAfterMs: 0,
      });
      const service = new StoreService(
        db,
        live,
        mockServices.logger.mock(),
        live,
      );
      await service.register(newTestStore('acme'));
      await service.transition('acme', 'provisioning');
      await service.transition('acme', 'ready');
      await service.reportDrift('acme', 'drift: namespace store-acme is gone');
      expect(seen).toEqual(['pending', 'provisioning', 'ready', 'ready']);
      expect((await db.get('acme')).statusMessage).toMatch(/drift/);
    } finally {
      await knex.destroy();
    }
  });

  it('says removed when a store leaves the registry', async () => {
    const { sent, signals } = recordingSignals();
    const live = signalsStoreLiveSignals(signals as any, { repeatAfterMs: 0 });
    const store = newTestStore('gone') as any;
    await live.publish({
      type: 'removed',
      store: { ...store, updatedAt: 'x' },
    });
    expect(sent[0].message).toEqual({ type: 'removed', storeId: 'gone' });
  });

  it('tells browsers to re-read the readings on an operation heartbeat', async () => {
    const knex = await inMemoryStoreKnex();
    try {
      const { sent, signals } = recordingSignals();
      const live = signalsStoreLiveSignals(signals as any, {
        repeatAfterMs: 0,
      });
      const db = new StoreDatabase(knex);
      const service = new StoreService(
        db,
        live,
        mockServices.logger.mock(),
        live,
      );
      await service.register(newTestStore('acme'));
      await service.transition('acme', 'provisioning');
      await service.transition('acme', 'ready');
      await service.beginOperation('acme', 'resize', 'task-1');
      sent.length = 0;
      await service.heartbeat('acme', 'task-1');
      expect(sent.map(s => s.message)).toEqual([
        { type: 'readings', storeId: 'acme' },
      ]);
      // A heartbeat of a task that does not hold the lease is refused, and says nothing.
      sent.length = 0;
      await expect(service.heartbeat('acme', 'task-2')).rejects.toThrow();
      expect(sent).toEqual([]);
    } finally {
      await knex.destroy();
    }
  });

  it('beats with its interval on the heartbeat channel', async () => {
    const { sent, signals } = recordingSignals();
    await signalsStoreLiveSignals(signals as any, {
      repeatAfterMs: 0,
    }).heartbeat(5000);
    expect(sent).toEqual([
      {
        recipients: { type: 'broadcast' },
        channel: 'store-platform:heartbeat',
        message: { type: 'heartbeat', intervalMs: 5000 },
      },
    ]);
  });

  it('says each change again a moment later, for a subscriber the bus skipped', async () => {
    const { sent, signals } = recordingSignals();
    const live = signalsStoreLiveSignals(signals as any, { repeatAfterMs: 20 });
    await live.publish({ type: 'upserted', store: newTestStore('a') as any });
    expect(sent.map(s => s.channel)).toEqual([
      'store-platform:store:a',
      'store-platform:stores',
    ]);
    await new Promise(r => setTimeout(r, 100));
    expect(sent.map(s => s.channel)).toEqual([
      'store-platform:store:a',
      'store-platform:stores',
      'store-platform:store:a',
      'store-platform:stores',
    ]);
  });

  it('publishes one event after the other, never two at once', async () => {
    let inFlight = 0;
    let most = 0;
    const { signals } = recordingSignals(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise(r => setTimeout(r, 5));
      inFlight--;
    });
    const live = signalsStoreLiveSignals(signals as any, { repeatAfterMs: 0 });
    const catalog = {
      publish: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise(r => setTimeout(r, 5));
        inFlight--;
      },
    };
    await publishToAll(catalog, live).publish({
      type: 'upserted',
      store: newTestStore('a') as any,
    });
    expect(most).toBe(1);
  });

  it('tells every publisher even when one fails, then reports the failure', async () => {
    const told: string[] = [];
    const all = publishToAll(
      {
        publish: async () => {
          throw new Error('events bus down');
        },
      },
      { publish: async c => void told.push(c.store.id) },
    );
    await expect(
      all.publish({ type: 'upserted', store: newTestStore('a') as any }),
    ).rejects.toThrow('events bus down');
    expect(told).toEqual(['a']);
  });
});
