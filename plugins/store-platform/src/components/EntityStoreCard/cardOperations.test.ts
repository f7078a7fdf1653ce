import { StoreStatus } from '@store-platform/plugin-store-platform-common';
import { aStore } from '../../__testUtils__/fixtures';
import { operationsFor } from './cardOperations';

const offered = (status: StoreStatus, extra = {}) => {
  const { primary, others } = operationsFor(aStore({ status, ...extra }));
  return {
    primary: primary?.operation,
    others: others.map(op => op.operation),
  };
};

describe('operationsFor', () => {
  it.each<[StoreStatus, string | undefined, string[]]>([
    ['failed', 'retry', ['transfer']],
    [
      'ready',
      'backup',
      ['upgrade', 'restore', 'resize', 'suspend', 'transfer'],
    ],
    ['suspended', 'resume', ['transfer']],
    ['pending', undefined, []],
    ['provisioning', undefined, []],
    ['deleting', undefined, []],
  ])('offers, for a %s store, %s first then %j', (status, primary, others) => {
    expect(offered(status)).toEqual({ primary, others });
  });

  it('puts a pending upgrade first on a ready store', () => {
    expect(offered('ready', { upgradeAvailable: true })).toEqual({
      primary: 'upgrade',
      others: ['backup', 'restore', 'resize', 'suspend', 'transfer'],
    });
  });

  it('offers nothing while an operation runs (the backend would refuse it)', () => {
    const operation = {
      kind: 'resize' as const,
      taskId: 't-1',
      startedAt: '2025-01-02T10:00:00.000Z',
      heartbeatAt: '2025-01-02T10:00:05.000Z',
    };
    expect(offered('ready', { operation })).toEqual({
      primary: undefined,
      others: [],
    });
  });
});
