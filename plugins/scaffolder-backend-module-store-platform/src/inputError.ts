import { InputError } from '@backstage/errors';
import { storeIdSchema } from '@store-platform/plugin-store-platform-common';
import type { ZodError } from 'zod';

/**
 * An InputError naming each bad field as the template calls it (the template
 * says `name` where the store API says `id`).
 */
export function inputErrorFor(
  error: ZodError,
  templateNames: Record<string, string> = { id: 'name' },
): InputError {
  const message = error.issues
    .map(issue => {
      const field = issue.path.map(String).join('.');
      return `${templateNames[field] ?? (field || 'input')}: ${issue.message}`;
    })
    .join('; ');
  return new InputError(message);
}

/** The store id of a template field (`name` by default), or an InputError naming that field. */
export function parseStoreName(value: unknown, field = 'name'): string {
  const parsed = storeIdSchema.safeParse(value);
  if (!parsed.success) throw inputErrorFor(parsed.error, { '': field });
  return parsed.data;
}
