import { STORE_ENGINES } from './engines';
import { AVAILABLE_ENGINES, engineRefusal } from './engineAvailability';

describe('engineRefusal', () => {
  it('accepts WooCommerce', () => {
    expect(engineRefusal('woocommerce')).toBeUndefined();
  });

  it('refuses the Medusa stub, saying what to choose instead', () => {
    expect(engineRefusal('medusa')).toBe(
      'the medusa engine is not available yet; choose woocommerce',
    );
  });

  it('knows only engines of the contract', () => {
    for (const engine of AVAILABLE_ENGINES) {
      expect(STORE_ENGINES).toContain(engine);
    }
  });
});
