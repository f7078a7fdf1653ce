import { newBackupId, parseBackupId, timeStamp } from './backupIds';

describe('backup ids', () => {
  const at = new Date('2026-11-30T18:04:51.789Z');

  it('name the store and the second, in UTC', () => {
    expect(timeStamp(at)).toBe('20261130-180451');
    expect(newBackupId('shop-1', at)).toBe('shop-1-20261130-180451');
  });

  it('parse back to their store and time, dashes in store ids included', () => {
    expect(parseBackupId('my-shop-2-20261130-180451')).toEqual({
      storeId: 'my-shop-2',
      stamp: '20261130-180451',
      createdAt: '2026-11-30T18:04:51.000Z',
    });
  });

  it.each([
    '20261130-180451',
    'shop-20261130',
    'shop-20261330-180451',
    'Shop-20261130-180451',
    'shop-20261130-180451; rm -rf /',
    '../shop-20261130-180451',
  ])('rejects %j', id => {
    expect(parseBackupId(id)).toBeUndefined();
  });

  it('sort by age as strings within a store', () => {
    const older = newBackupId('shop', new Date('2026-01-02T03:04:05Z'));
    const newer = newBackupId('shop', new Date('2026-10-02T03:04:05Z'));
    expect([newer, older].sort()).toEqual([older, newer]);
  });
});
