import { V1Pod } from '@kubernetes/client-node';
import { describeUnreadyWorkload } from './workloadReadiness';

const pod = (name: string, status: V1Pod['status']): V1Pod => ({
  metadata: { name },
  status,
});
const notReady = [{ type: 'Ready', status: 'False' }];

describe('describeUnreadyWorkload', () => {
  it('says nothing of a workload with every replica ready', () => {
    expect(
      describeUnreadyWorkload({
        workload: 'Deployment wordpress',
        desired: 1,
        ready: 1,
        pods: [],
      }),
    ).toBeUndefined();
  });

  it('names a container the kubelet restarted, with its last exit', () => {
    const restarted = pod('wordpress-1', {
      conditions: notReady,
      containerStatuses: [
        {
          name: 'wordpress',
          image: 'wp',
          imageID: '',
          ready: false,
          restartCount: 1,
          state: { running: { startedAt: new Date() } },
          lastState: { terminated: { exitCode: 0, reason: 'Completed' } },
        },
      ],
    });
    expect(
      describeUnreadyWorkload({
        workload: 'Deployment wordpress',
        desired: 1,
        ready: 0,
        pods: [restarted],
      }),
    ).toBe(
      'Deployment wordpress has 0/1 ready: pod wordpress-1, container wordpress: restarted 1 time(s), last exit code 0 (Completed)',
    );
  });

  it('gives the waiting reason of a crashing container, and skips the ready pods', () => {
    const crashing = pod('mariadb-0', {
      conditions: notReady,
      containerStatuses: [
        {
          name: 'mariadb',
          image: 'mariadb:10.11',
          imageID: '',
          ready: false,
          restartCount: 3,
          state: {
            waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' },
          },
        },
      ],
    });
    const healthy = pod('mariadb-1', {
      conditions: [{ type: 'Ready', status: 'True' }],
    });
    const text = describeUnreadyWorkload({
      workload: 'StatefulSet mariadb',
      desired: 2,
      ready: 1,
      pods: [crashing, healthy],
    });
    expect(text).toBe(
      'StatefulSet mariadb has 1/2 ready: CrashLoopBackOff: pod mariadb-0, container mariadb (mariadb:10.11): back-off 40s',
    );
  });

  it('says when the workload has no pod at all', () => {
    expect(
      describeUnreadyWorkload({
        workload: 'StatefulSet mariadb',
        desired: 1,
        ready: 0,
        pods: [],
      }),
    ).toBe('StatefulSet mariadb has 0/1 ready: no pod');
  });
});
