import { InputError } from '@backstage/errors';

/**
 * The install of the platform this process belongs to, the value of the
 * `store-platform.io/installation` label on its store namespaces. The Helm chart sets
 * `<release>.<release namespace>`; a backend run from a checkout uses `local`.
 *
 * @public
 */
export const DEFAULT_INSTALLATION = 'local';

/**
 * The configuration key of the install name.
 *
 * @public
 */
export const INSTALLATION_KEY = 'storePlatform.provisioning.installation';

/** A Kubernetes label value: at most 63 characters, alphanumeric at both ends, `-_.` inside. */
const LABEL_VALUE = /^(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * Checks a configured install name; a bad one fails naming the key.
 *
 * @public
 */
export function checkInstallation(value: string): string {
  if (!LABEL_VALUE.test(value)) {
    throw new InputError(
      `${INSTALLATION_KEY}: ${JSON.stringify(
        value,
      )} is not a label value (1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)`,
    );
  }
  return value;
}
