import { ConfigReader } from '@backstage/config';
import { readLiveHeartbeatMs } from './liveUpdatesConfig';

describe('readLiveHeartbeatMs', () => {
  const read = (heartbeatSeconds?: number) =>
    readLiveHeartbeatMs(
      new ConfigReader({
        storePlatform: { liveUpdates: { heartbeatSeconds } },
      }),
    );

  it('defaults to 5 s and reads seconds', () => {
    expect(readLiveHeartbeatMs(new ConfigReader({}))).toBe(5000);
    expect(read(2)).toBe(2000);
  });

  it('refuses a value that is not a positive number, naming the key', () => {
    expect(() => read(0)).toThrow(
      'storePlatform.liveUpdates.heartbeatSeconds: must be a positive number',
    );
    expect(() => read(-1)).toThrow('heartbeatSeconds');
  });
});
