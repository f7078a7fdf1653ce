import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { DEFAULT_INSTALLATION } from './installation';
import { readProvisioningConfig } from './provisioningConfig';

const read = (installation: string) =>
  readProvisioningConfig(
    new ConfigReader({ storePlatform: { provisioning: { installation } } }),
  );

describe('storePlatform.provisioning.installation', () => {
  it('defaults to the local install', () => {
    expect(DEFAULT_INSTALLATION).toBe('local');
    expect(readProvisioningConfig(new ConfigReader({})).installation).toBe(
      'local',
    );
  });

  it("reads the chart's <release>.<namespace>, up to 63 characters", () => {
    expect(read('store-platform.team-a').installation).toBe(
      'store-platform.team-a',
    );
    const longest = `${'a'.repeat(54)}-0123abcd`;
    expect(read(longest).installation).toBe(longest);
  });

  it.each([
    ['too long', 'a'.repeat(64)],
    ['a slash', 'team/a'],
    ['a space', 'team a'],
    ['a trailing dot', 'team-a.'],
  ])('refuses a value with %s, naming the key', (_, value) => {
    expect(() => read(value)).toThrow(InputError);
    expect(() => read(value)).toThrow(
      /^storePlatform\.provisioning\.installation: .* is not a label value/,
    );
  });
});
