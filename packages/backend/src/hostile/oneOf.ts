/** Asymmetric matcher: equals one of `allowed` (jest has no built-in one). */
export function oneOf(...allowed: unknown[]): any {
  return {
    $$typeof: Symbol.for('jest.asymmetricMatcher'),
    asymmetricMatch: (actual: unknown) => allowed.includes(actual),
    toAsymmetricMatcher: () => `oneOf(${allowed.join(', ')})`,
  };
}
