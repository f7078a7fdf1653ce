import {
  StoreEngine,
  StoreSize,
} from '@store-platform/plugin-store-platform-common';

const ENGINE_LABELS: Record<StoreEngine, string> = {
  woocommerce: 'WooCommerce',
  medusa: 'Medusa',
};

const SIZE_LABELS: Record<StoreSize, string> = {
  small: 'Small',
  medium: 'Medium',
  large: 'Large',
};

/** Display name of an engine; unknown values are shown as they are. */
export function engineLabel(engine: string): string {
  return ENGINE_LABELS[engine as StoreEngine] ?? engine;
}

/** Display name of a size preset; unknown values are shown as they are. */
export function sizeLabel(size: string): string {
  return SIZE_LABELS[size as StoreSize] ?? size;
}
