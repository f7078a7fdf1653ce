import { V1Namespace, V1Pod } from '@kubernetes/client-node';
import { describeStuckNamespace } from '../cluster/stuckNamespace';
import { describePodExit } from './jobFailure';
import { failedCreateProblem, podProblem } from './podProblems';

const pod = (status: V1Pod['status']): V1Pod => ({
  metadata: { name: 'wordpress-abc' },
  status,
});

describe('pod diagnostics', () => {
  it.each([
    ['ImagePullBackOff', true],
    ['CrashLoopBackOff', true],
    ['CreateContainerConfigError', true],
    ['ErrImagePull', false],
  ])('recognise %s (fatal: %s)', (reason, fatal) => {
    const problem = podProblem(
      pod({
        containerStatuses: [
          {
            name: 'wordpress',
            image: 'store-platform-wordpress-woocommerce:latest',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason, message: 'Back-off pulling image' } },
          },
        ],
      }),
    );
    expect(problem).toEqual({
      reason,
      fatal,
      detail:
        'pod wordpress-abc, container wordpress (store-platform-wordpress-woocommerce:latest): Back-off pulling image',
    });
  });

  it('recognise Unschedulable as a problem that may pass (volumes binding)', () => {
    expect(
      podProblem(
        pod({
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message: '0/1 nodes are available: Insufficient cpu.',
            },
          ],
        }),
      ),
    ).toEqual({
      reason: 'Unschedulable',
      detail: 'pod wordpress-abc: 0/1 nodes are available: Insufficient cpu.',
      fatal: false,
    });
    expect(podProblem(pod({ phase: 'Running' }))).toBeUndefined();
  });

  it('turn a quota refusal into "quota exceeded"', () => {
    expect(
      failedCreateProblem({
        metadata: {},
        involvedObject: { kind: 'StatefulSet', name: 'mariadb' },
        reason: 'FailedCreate',
        message:
          'create Pod mariadb-0 in StatefulSet mariadb failed error: pods "mariadb-0" is forbidden: exceeded quota: store-quota, requested: limits.cpu=4',
      }),
    ).toMatchObject({
      reason: 'quota exceeded',
      fatal: true,
      detail: expect.stringContaining('StatefulSet mariadb: '),
    });
    expect(
      failedCreateProblem({
        metadata: {},
        involvedObject: {},
        reason: 'SuccessfulCreate',
      }),
    ).toBeUndefined();
  });

  it('describe a failed Job pod by its exit code', () => {
    expect(
      describePodExit(
        pod({
          phase: 'Failed',
          containerStatuses: [
            {
              name: 'bootstrap',
              image: 'wordpress:cli',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 1, reason: 'Error' } },
            },
          ],
        }),
      ),
    ).toBe('pod wordpress-abc, container bootstrap exited with code 1 (Error)');
  });

  it('name the finalizer that holds a namespace', () => {
    const ns: V1Namespace = {
      metadata: { name: 'store-shop', finalizers: ['example.com/backup'] },
      spec: { finalizers: ['kubernetes'] },
      status: {
        phase: 'Terminating',
        conditions: [
          {
            type: 'NamespaceFinalizersRemaining',
            status: 'True',
            message:
              'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
          },
        ],
      },
    };
    expect(describeStuckNamespace(ns)).toBe(
      'held by finalizer example.com/backup; its content is still being deleted (finalizer kubernetes); NamespaceFinalizersRemaining: Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    );
  });
});
