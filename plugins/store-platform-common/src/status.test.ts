import {
  assertTransition,
  canTransition,
  IllegalTransitionError,
  STORE_STATUSES,
  StoreStatus,
} from './status';

describe('the store state machine', () => {
  const legal: Array<[StoreStatus, StoreStatus]> = [
    ['pending', 'provisioning'],
    ['provisioning', 'ready'],
    ['provisioning', 'failed'],
    ['failed', 'provisioning'],
    ['pending', 'failed'],
    ['ready', 'deleting'],
    ['failed', 'deleting'],
    ['provisioning', 'deleting'],
    ['pending', 'deleting'],
    ['deleting', 'failed'],
    ['ready', 'suspended'],
    ['suspended', 'ready'],
    ['ready', 'failed'],
    ['suspended', 'failed'],
    ['suspended', 'deleting'],
  ];

  it('allows exactly the transitions of the design, plus retry, suspension and deletion', () => {
    for (const from of STORE_STATUSES) {
      for (const to of STORE_STATUSES) {
        const expected = legal.some(([f, t]) => f === from && t === to);
        expect([from, to, canTransition(from, to)]).toEqual([
          from,
          to,
          expected,
        ]);
      }
    }
  });

  it('explains a refused transition', () => {
    expect(() => assertTransition('ready', 'provisioning')).toThrow(
      new IllegalTransitionError('ready', 'provisioning'),
    );
    expect(() => assertTransition('ready', 'provisioning')).toThrow(
      'a store cannot go from ready to provisioning; from ready it can go to suspended or failed or deleting',
    );
    expect(() => assertTransition('pending', 'provisioning')).not.toThrow();
  });
});
