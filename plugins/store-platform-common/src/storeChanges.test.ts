import { isStoreChange } from './storeChanges';

const store = { id: 'shop-one' };

describe('isStoreChange', () => {
  it('accepts an upsert and a removal carrying a store id', () => {
    expect(isStoreChange({ type: 'upserted', store })).toBe(true);
    expect(isStoreChange({ type: 'removed', store })).toBe(true);
  });

  it('refuses anything else on the topic', () => {
    expect(isStoreChange(undefined)).toBe(false);
    expect(isStoreChange({ type: 'renamed', store })).toBe(false);
    expect(isStoreChange({ type: 'upserted' })).toBe(false);
    expect(isStoreChange({ type: 'removed', store: { id: 7 } })).toBe(false);
  });
});
