const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/**
 * A Kubernetes quantity in base units: cores for cpu (`250m` = 0.25), bytes
 * for memory and storage (`1Gi`). Any pod in a store's namespace may use any
 * form, unlike the presets (see parseQuantity in sizes.ts). Throws on text
 * that is not a quantity.
 */
export function quantityValue(text: string): number {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(
    text.trim(),
  );
  const factor = m ? SUFFIXES[m[2]] : undefined;
  if (!m || factor === undefined)
    throw new Error(`not a Kubernetes quantity: ${JSON.stringify(text)}`);
  return Number(m[1]) * factor;
}

/** A value in the units people read for it: `1250m` cpu, `1536Mi` memory and storage. */
export function formatQuantity(resource: string, value: number): string {
  if (/cpu$/.test(resource)) return `${Math.round(value * 1000)}m`;
  if (/memory$|storage$/.test(resource))
    return `${Math.ceil(value / 2 ** 20)}Mi`;
  return String(value);
}
