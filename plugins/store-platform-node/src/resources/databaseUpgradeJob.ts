import { V1Job } from '@kubernetes/client-node';
import { BuildContext, namespaceOf, presetOf } from './context';
import { labelsOf } from './labels';
import { buildWpCliPodSpec } from './wpCliPod';

/** Name of the Job that upgrades a store's database after its images moved. */
export const DATABASE_UPGRADE_JOB = 'store-database-upgrade';

/**
 * Brings the database schema up to the code now running: WordPress core,
 * then WooCommerce when it is active. Both are no-ops when nothing is due, so
 * the Job can run again. Static text; it reads nothing but the environment.
 */
export const DATABASE_UPGRADE_SCRIPT = [
  'set -euo pipefail',
  ': "${WP_PATH:=/var/www/html}"',
  'wp --path="$WP_PATH" core is-installed ||',
  '  { echo "database-upgrade: WordPress is not installed in $WP_PATH" >&2; exit 1; }',
  'echo "database-upgrade: WordPress core"',
  'wp --path="$WP_PATH" core update-db',
  'if wp --path="$WP_PATH" plugin is-active woocommerce; then',
  '  echo "database-upgrade: WooCommerce"',
  '  wp --path="$WP_PATH" wc update',
  'fi',
  'echo "database-upgrade: done"',
].join('\n');

/**
 * Job `store-database-upgrade`: the upgrade step of `store:upgrade`, run with
 * the wp-cli image of `ctx.config` (the configured one) against the store's
 * WordPress volume. Component `bootstrap`, so the store's network policies
 * let it reach MariaDB as the other wp-cli Jobs do.
 */
export function buildDatabaseUpgradeJob(
  ctx: BuildContext,
  timeoutMs: number,
): V1Job {
  const labels = labelsOf(ctx, 'bootstrap', DATABASE_UPGRADE_JOB);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: DATABASE_UPGRADE_JOB,
      namespace: namespaceOf(ctx),
      labels,
    },
    spec: {
      backoffLimit: 1,
      activeDeadlineSeconds: Math.ceil(timeoutMs / 1000),
      // Kept an hour for its log, then it goes by itself.
      ttlSecondsAfterFinished: 3600,
      template: {
        metadata: {
          labels: { ...labels, ...ctx.config.extraBootstrapPodLabels },
        },
        spec: buildWpCliPodSpec({
          storeId: ctx.spec.id,
          preset: presetOf(ctx),
          config: ctx.config,
          name: 'database-upgrade',
          script: DATABASE_UPGRADE_SCRIPT,
          scriptName: 'store-database-upgrade',
          env: [],
        }),
      },
    },
  };
}
