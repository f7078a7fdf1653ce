import { ConfigReader } from '@backstage/config';
import { readOptionalSecondsAsMs } from './configSeconds';

describe('readOptionalSecondsAsMs', () => {
  const read = (value?: unknown) =>
    readOptionalSecondsAsMs(
      new ConfigReader(value === undefined ? {} : { a: { b: value } }),
      'a.b',
      7,
    );

  it('gives the default when the key is absent, and seconds as milliseconds', () => {
    expect(read()).toBe(7000);
    expect(read(0.5)).toBe(500);
  });

  it.each([0, -3])('refuses %p naming the key', value => {
    expect(() => read(value)).toThrow(
      'a.b: must be a positive number of seconds',
    );
  });
});
