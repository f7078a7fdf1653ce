import { InputError } from '@backstage/errors';
import { validateStoreSpec } from './storeSpec';

const good = {
  id: 'shop',
  title: 'My Shop',
  engine: 'woocommerce',
  size: 'small',
  adminEmail: 'owner@example.com',
};

describe('validateStoreSpec', () => {
  it('accepts a complete spec and defaults the size', () => {
    const { size, ...withoutSize } = good;
    expect(validateStoreSpec(withoutSize)).toEqual({ ...good, size: 'small' });
    expect(
      validateStoreSpec({ ...good, owner: 'group:default/shop-team' }).owner,
    ).toBe('group:default/shop-team');
  });

  it.each([
    ['shop'],
    ['my-shop-2'],
    ['a1b'],
    ['x'.repeat(40)],
    ['store-with-dashes'],
  ])('accepts the id %j', id => {
    expect(validateStoreSpec({ ...good, id }).id).toBe(id);
  });

  it.each([
    ['ab', 'at least 3'],
    ['x'.repeat(41), 'at most 40'],
    ['1shop', 'must start with a letter'],
    ['-shop', 'must start with a letter'],
    ['shop-', 'end with a letter or digit'],
    ['My-Shop', 'must be lowercase'],
    ['my_shop', 'may contain only'],
    ['shop.example', 'may contain only'],
    ['shop;reboot', 'may contain only'],
    ['$(id)', 'may contain only'],
    ['', 'at least 3'],
  ])('refuses the id %j (%s), naming the field', (id, rule) => {
    expect(() => validateStoreSpec({ ...good, id })).toThrow(InputError);
    expect(() => validateStoreSpec({ ...good, id })).toThrow(
      new RegExp(`id: .*${rule.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
  });

  it.each([['A'], ['Café Ünïcode ☕'], ['x'.repeat(100)], ['"; rm -rf / #']])(
    'accepts the title %j',
    title => {
      expect(validateStoreSpec({ ...good, title }).title).toBe(title);
    },
  );

  it.each([
    ['', 'must not be empty'],
    ['   ', 'must not be empty'],
    ['x'.repeat(101), 'at most 100'],
    ['bell\u0007', 'control characters'],
    ['two\nlines', 'control characters'],
  ])('refuses the title %j (%s)', (title, rule) => {
    expect(() => validateStoreSpec({ ...good, title })).toThrow(
      new RegExp(`title: .*${rule}`),
    );
  });

  it('refuses unknown engines, sizes and bad emails, naming each field', () => {
    let error: Error | undefined;
    try {
      validateStoreSpec({
        ...good,
        engine: 'magento',
        size: 'huge',
        adminEmail: 'not-an-email',
      });
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeInstanceOf(InputError);
    expect(error!.message).toMatch(/engine: /);
    expect(error!.message).toMatch(/size: /);
    expect(error!.message).toMatch(/adminEmail: must be an email address/);
  });

  it('keeps a registration uid and refuses one that is not a UUID, naming the field', () => {
    const registration = '0b6f3c1e-8d8a-4d3e-9a53-3f1c3c5d2a11';
    expect(validateStoreSpec({ ...good, registration }).registration).toBe(
      registration,
    );
    expect(() =>
      validateStoreSpec({ ...good, registration: 'store-shop' }),
    ).toThrow(/registration/);
  });

  it('accepts the medusa engine (it is refused later, by its engine)', () => {
    expect(validateStoreSpec({ ...good, engine: 'medusa' }).engine).toBe(
      'medusa',
    );
  });

  it('refuses missing fields and unknown fields', () => {
    expect(() => validateStoreSpec({ id: 'shop' })).toThrow(/title: /);
    expect(() => validateStoreSpec({ id: 'shop' })).toThrow(/adminEmail: /);
    expect(() => validateStoreSpec({ ...good, extra: 1 })).toThrow(/extra/);
    expect(() => validateStoreSpec(null)).toThrow(InputError);
  });
});
