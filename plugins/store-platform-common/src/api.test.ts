import {
  createStoreRequestSchema,
  describeIssues,
  statusUpdateRequestSchema,
} from './api';

describe('the REST contract', () => {
  it('accepts a complete create request and defaults the size', () => {
    const parsed = createStoreRequestSchema.parse({
      id: 'shop',
      engine: 'woocommerce',
      owner: 'group:default/shop-team',
      title: '  My Shop ',
    });
    expect(parsed).toEqual({
      id: 'shop',
      engine: 'woocommerce',
      owner: 'group:default/shop-team',
      title: 'My Shop',
      size: 'small',
    });
  });

  it('names every bad field', () => {
    const result = createStoreRequestSchema.safeParse({
      id: 'My_Shop',
      engine: 'magento',
      owner: 'component:default/x',
      extra: true,
    });
    expect(result.success).toBe(false);
    const message = describeIssues(result.error!);
    expect(message).toContain('id: must be lowercase');
    expect(message).toContain('engine:');
    expect(message).toContain('owner: must be a user or group entity ref');
    expect(message).toContain('extra');
  });

  it('refuses control characters and overlong text', () => {
    expect(
      statusUpdateRequestSchema.safeParse({
        status: 'failed',
        message: 'a\u0000b',
      }).success,
    ).toBe(false);
    expect(
      statusUpdateRequestSchema.safeParse({
        status: 'failed',
        message: 'x'.repeat(2001),
      }).success,
    ).toBe(false);
    expect(
      statusUpdateRequestSchema.safeParse({ status: 'exploded' }).success,
    ).toBe(false);
  });

  it('keeps the line breaks of a failure message, and no other control character', () => {
    const multiLine = 'rollout failed:\n  wordpress: ImagePullBackOff';
    expect(
      statusUpdateRequestSchema.parse({ status: 'failed', message: multiLine })
        .message,
    ).toBe(multiLine);
    for (const bad of ['a\rb', 'a\tb', 'a\u001bb']) {
      expect(
        statusUpdateRequestSchema.safeParse({ status: 'failed', message: bad })
          .success,
      ).toBe(false);
    }
    expect(
      createStoreRequestSchema.safeParse({
        id: 'shop',
        title: 'two\nlines',
        engine: 'woocommerce',
        owner: 'group:shop',
      }).success,
    ).toBe(false);
  });

  it('refuses text that is not valid Unicode, and keeps emoji and other scripts', () => {
    const title = (t: string) =>
      createStoreRequestSchema.safeParse({
        id: 'corner-shop',
        title: t,
        engine: 'woocommerce',
        owner: 'group:default/shop-team',
      });
    expect(describeIssues(title('shop\ud800').error!)).toBe(
      'title: must be valid Unicode text',
    );
    expect(title('shop\udc00x').success).toBe(false);
    expect(title('店铺 🛒 магазин').success).toBe(true);
  });
});
