import { ApiHolder } from '@backstage/core-plugin-api';
import { storePlatformApiRef } from '../../api';
import { mockStorePlatformApi } from '../../__testUtils__/fixtures';
import { validateStoreId } from './validateStoreId';

function holderWith(api: ReturnType<typeof mockStorePlatformApi>): ApiHolder {
  return {
    get: (ref: { id: string }) =>
      ref.id === storePlatformApiRef.id ? api : undefined,
  } as ApiHolder;
}

async function errorsFor(value: unknown, api = mockStorePlatformApi()) {
  const errors: string[] = [];
  await validateStoreId(
    value,
    { addError: message => errors.push(message) },
    { apiHolder: holderWith(api) },
  );
  return errors;
}

describe('validateStoreId', () => {
  it('says what rule a malformed id breaks, without asking the backend', async () => {
    const api = mockStorePlatformApi();
    expect(await errorsFor('Shop', api)).toEqual(['must be lowercase']);
    expect(api.checkStoreId).not.toHaveBeenCalled();
  });

  it("shows the backend's reason for a reserved or taken id", async () => {
    const api = mockStorePlatformApi();
    api.checkStoreId.mockResolvedValue({
      id: 'portal',
      available: false,
      reason:
        '"portal" is reserved: it would shadow a host of the platform itself',
    });
    expect(await errorsFor('portal', api)).toEqual([
      '"portal" is reserved: it would shadow a host of the platform itself',
    ]);
    expect(api.checkStoreId).toHaveBeenCalledWith('portal');
  });

  it('accepts a free id', async () => {
    const api = mockStorePlatformApi();
    api.checkStoreId.mockResolvedValue({ id: 'corner-shop', available: true });
    expect(await errorsFor('corner-shop', api)).toEqual([]);
  });

  it('leaves the answer to the registration when the backend cannot be asked', async () => {
    const api = mockStorePlatformApi();
    api.checkStoreId.mockRejectedValue(new Error('offline'));
    expect(await errorsFor('corner-shop', api)).toEqual([]);
  });
});
