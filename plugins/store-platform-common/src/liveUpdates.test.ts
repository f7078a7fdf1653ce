import {
  isLiveHeartbeat,
  isStoreSignal,
  storeSignalChannel,
  STORES_SIGNAL_CHANNEL,
} from './liveUpdates';

describe('live update signals', () => {
  it('gives each store its own channel, apart from the list', () => {
    expect(storeSignalChannel('acme')).toBe('store-platform:store:acme');
    expect(storeSignalChannel('acme')).not.toBe(storeSignalChannel('acme-2'));
    expect(storeSignalChannel('acme')).not.toBe(STORES_SIGNAL_CHANNEL);
  });

  it('recognises store signals and refuses anything else', () => {
    expect(isStoreSignal({ type: 'changed', storeId: 'a' })).toBe(true);
    expect(isStoreSignal({ type: 'removed', storeId: 'a' })).toBe(true);
    expect(isStoreSignal({ type: 'readings', storeId: 'a' })).toBe(true);
    expect(isStoreSignal({ type: 'changed' })).toBe(false);
    expect(isStoreSignal({ type: 'other', storeId: 'a' })).toBe(false);
    expect(isStoreSignal(null)).toBe(false);
  });

  it('recognises a heartbeat only with a positive interval', () => {
    expect(isLiveHeartbeat({ type: 'heartbeat', intervalMs: 5000 })).toBe(true);
    expect(isLiveHeartbeat({ type: 'heartbeat', intervalMs: 0 })).toBe(false);
    expect(isLiveHeartbeat({ type: 'heartbeat' })).toBe(false);
    expect(isLiveHeartbeat(undefined)).toBe(false);
  });
});
