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

  reveal(): { rootPassword: string; password: string; adminPassword: string } {
    return { ...this.#values };
  }

  toString() {
    return `StoreSecrets(${REDACTED})`;
  }

  toJSON() {
    return REDACTED;
  }

  [inspect.custom]() {
    return this.toString();
  }
}
