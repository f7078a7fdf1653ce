import {
  STORE_ID_MAX_LENGTH,
  storeIdProblem,
  storeIdSchema,
  storeNamespace,
} from './storeId';

describe('store ids', () => {
  it.each(['shop', 'my-shop-2', 'a1b', 'x'.repeat(STORE_ID_MAX_LENGTH)])(
    'accepts %s',
    id => {
      expect(storeIdProblem(id)).toBeUndefined();
      expect(storeIdSchema.safeParse(id).success).toBe(true);
    },
  );

  it.each([
    ['My-Shop', 'must be lowercase'],
    ['my_shop', 'may contain only lowercase letters, digits and dashes'],
    ['-shop', 'must start with a letter'],
    ['shop-', 'end with a letter or digit'],
    ['1shop', 'must start with a letter'],
    ['ab', 'at least 3 characters'],
    [
      'x'.repeat(STORE_ID_MAX_LENGTH + 1),
      `at most ${STORE_ID_MAX_LENGTH} characters`,
    ],
    ['shop;rm -rf', 'may contain only'],
    ['../etc', 'may contain only'],
    ['dashboard', 'reserved'],
  ])('refuses %j, saying it %s', (id, rule) => {
    expect(storeIdProblem(id)).toContain(rule);
    const parsed = storeIdSchema.safeParse(id);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toContain(rule);
  });

  it('refuses non-strings', () => {
    expect(storeIdProblem(42)).toBe('must be a string');
  });

  it('keeps every derived name a valid DNS-1123 label', () => {
    const longest = 'a'.repeat(STORE_ID_MAX_LENGTH);
    expect(storeNamespace(longest).length).toBeLessThanOrEqual(63);
    expect(`woocommerce-bootstrap-${longest}`.length).toBeLessThanOrEqual(63);
    expect(storeNamespace('shop')).toBe('store-shop');
  });
});
