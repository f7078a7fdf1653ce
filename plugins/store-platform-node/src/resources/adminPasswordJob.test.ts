import { inspect } from 'node:util';
import { provisioningConfigWith } from '../config/provisioningConfig';
import { AdminCredentials } from '../operations/adminCredentials';
import {
  ADMIN_PASSWORD_RESET,
  buildAdminPasswordResetJob,
  buildAdminPasswordResetSecret,
} from './adminPasswordJob';
import { buildBootstrapJob } from './bootstrapJob';
import { adminPasswordScript } from './bootstrapScript';

const config = provisioningConfigWith();
const target = { storeId: 'shop', size: 'small' as const, config };

describe('the admin password reset objects', () => {
  it('is a suspended, bounded Job in the store namespace, reaching MariaDB like the bootstrap', () => {
    const job = buildAdminPasswordResetJob(target, 120_000);
    expect(job.metadata).toMatchObject({
      name: ADMIN_PASSWORD_RESET,
      namespace: 'store-shop',
    });
    expect(job.spec).toMatchObject({
      suspend: true,
      backoffLimit: 1,
      activeDeadlineSeconds: 120,
      ttlSecondsAfterFinished: expect.any(Number),
    });
    // The network policies let component `bootstrap` reach the database.
    expect(
      job.spec!.template.metadata!.labels!['app.kubernetes.io/component'],
    ).toBe('bootstrap');
    const pod = job.spec!.template.spec!;
    const bootstrapPod = buildBootstrapJob({
      spec: {
        id: 'shop',
        title: 'Shop',
        engine: 'woocommerce',
        size: 'small',
        adminEmail: 'a@b.c',
      },
      config,
    }).spec!.template.spec!;
    // Same placement, hardening and volumes as the bootstrap Job.
    expect(pod.affinity).toEqual(bootstrapPod.affinity);
    expect(pod.securityContext).toEqual(bootstrapPod.securityContext);
    expect(pod.volumes).toEqual(bootstrapPod.volumes);
    expect(pod.initContainers).toEqual(bootstrapPod.initContainers);
    const [container] = pod.containers;
    expect(container.command).toEqual([
      'bash',
      '-c',
      adminPasswordScript(),
      'wordpress-admin-password',
    ]);
  });

  it('hands the new password over only through the one-off Secret', () => {
    const job = buildAdminPasswordResetJob(target, 60_000);
    const env = job.spec!.template.spec!.containers[0].env!;
    expect(env.find(e => e.name === 'WORDPRESS_ADMIN_PASSWORD')).toEqual({
      name: 'WORDPRESS_ADMIN_PASSWORD',
      valueFrom: {
        secretKeyRef: { name: ADMIN_PASSWORD_RESET, key: expect.any(String) },
      },
    });
    expect(env.find(e => e.name === 'ADMIN_USER')?.value).toBe('admin');

    const secret = buildAdminPasswordResetSecret(
      target,
      { uid: 'job-uid' },
      'the-new-password',
    );
    expect(Object.values(secret.stringData!)).toEqual(['the-new-password']);
    expect(Object.keys(secret.stringData!)).toEqual([
      env.find(e => e.name === 'WORDPRESS_ADMIN_PASSWORD')!.valueFrom!
        .secretKeyRef!.key,
    ]);
    // Deleted with the Job by the garbage collector.
    expect(secret.metadata!.ownerReferences).toEqual([
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        name: ADMIN_PASSWORD_RESET,
        uid: 'job-uid',
      },
    ]);
  });
});

describe('AdminCredentials', () => {
  it('reveals the password only when asked', () => {
    const credentials = new AdminCredentials('admin', 'pw-Secret-123');
    expect(credentials.revealPassword()).toBe('pw-Secret-123');
    for (const shown of [
      String(credentials),
      JSON.stringify(credentials),
      inspect(credentials),
      `${credentials}`,
    ]) {
      expect(shown).not.toContain('pw-Secret-123');
      expect(shown).toContain('admin');
    }
  });
});
