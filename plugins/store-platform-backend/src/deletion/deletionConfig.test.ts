import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import {
  DEFAULT_DELETION_TIMINGS,
  readDeletionTimings,
} from './deletionConfig';

const withDeletion = (deletion: JsonObject) =>
  new ConfigReader({ storePlatform: { deletion } });

describe('readDeletionTimings', () => {
  it('defaults to a 5 s heartbeat, takeover after 30 s and a sweep every 10 s', () => {
    expect(readDeletionTimings(new ConfigReader({}))).toEqual(
      DEFAULT_DELETION_TIMINGS,
    );
    expect(DEFAULT_DELETION_TIMINGS).toEqual({
      heartbeatMs: 5_000,
      takeOverAfterMs: 30_000,
      sweepMs: 10_000,
    });
  });

  it('reads seconds from storePlatform.deletion', () => {
    expect(
      readDeletionTimings(
        withDeletion({
          heartbeatSeconds: 1,
          takeOverAfterSeconds: 4.5,
          sweepSeconds: 2,
        }),
      ),
    ).toEqual({ heartbeatMs: 1_000, takeOverAfterMs: 4_500, sweepMs: 2_000 });
  });

  it('refuses a non-positive value, naming the key', () => {
    expect(() =>
      readDeletionTimings(withDeletion({ sweepSeconds: 0 })),
    ).toThrow(
      'storePlatform.deletion.sweepSeconds: must be a positive number of seconds',
    );
  });

  it('refuses a takeover bound a live replica could miss between two heartbeats', () => {
    expect(() =>
      readDeletionTimings(
        withDeletion({ heartbeatSeconds: 20, takeOverAfterSeconds: 30 }),
      ),
    ).toThrow(
      'storePlatform.deletion.takeOverAfterSeconds: must be at least twice storePlatform.deletion.heartbeatSeconds (20)',
    );
  });
});
