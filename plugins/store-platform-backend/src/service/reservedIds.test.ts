import { ConfigReader } from '@backstage/config';
import { reservedIdProblem, reservedStoreIds } from './reservedIds';

describe('reservedStoreIds', () => {
  it('reserves the configured ids and the first label of the platform hosts', () => {
    const reserved = reservedStoreIds(
      new ConfigReader({
        app: { baseUrl: 'https://dashboard.shops.example.com' },
        backend: { baseUrl: 'https://portal-api.shops.example.com:7007' },
        storePlatform: { reservedIds: ['Billing', 'status'] },
      }),
    );
    for (const id of ['dashboard', 'portal-api', 'billing', 'status', 'www']) {
      expect(reservedIdProblem(id, reserved)).toMatch(
        new RegExp(`"${id}" is reserved`),
      );
    }
    expect(reservedIdProblem('corner-shop', reserved)).toBeUndefined();
  });

  it('ignores hosts that are IP addresses', () => {
    const reserved = reservedStoreIds(
      new ConfigReader({ backend: { baseUrl: 'http://127.0.0.1:7007' } }),
    );
    expect(reserved.has('127')).toBe(false);
  });
});
