import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

/**
 * Printed instead of a secret value wherever a secret could be shown.
 *
 * @public
 */
export const REDACTED = '<generated>';

/**
 * A new random password: 24 bytes from the CSPRNG, base64url (32 characters).
 *
 * @public
 */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The passwords of one store. Values are read through `reveal()`; printing,
 * logging or serialising the object shows only `<generated>`, so a secret cannot
 * end up in a log or an error by accident.
 *
 * @public
 */
export class StoreSecrets {
  readonly #values: Record<
    'rootPassword' | 'password' | 'adminPassword',
    string
  >;

  private constructor(
    values: StoreSecrets['reveal'] extends () => infer V ? V : never,
  ) {
    this.#values = { ...values };
  }

  /** New random passwords: 24 bytes from the CSPRNG each, base64url (32 characters). */
  static generate(): StoreSecrets {
    return new StoreSecrets({
      rootPassword: generatePassword(),
      password: generatePassword(),
      adminPassword: generatePassword(),
    });
  }

  /** Placeholders for dry runs. */
  static placeholder(): StoreSecrets {
    return new StoreSecrets({
      rootPassword: REDACTED,
      password: REDACTED,
      adminPassword: REDACTED,
    });
  }

  /** The passwords themselves, for the Secret that holds them only. */

  reveal(): { rootPassword: string; password: string; adminPassword: string } {
    return { ...this.#values };
  }

  /** The redacted form. */

  toString() {
    return `StoreSecrets(${REDACTED})`;
  }

  /** The redacted form, so a logged object cannot leak them. */

  toJSON() {
    return REDACTED;
  }

  /** What `console.log` and `util.inspect` show: the redacted form. */
  [inspect.custom]() {
    return this.toString();
  }
}
