import { quotaKeysNotEnforced } from './quotaEnforced';

describe('quotaKeysNotEnforced', () => {
  it('names the keys whose new limit the quota controller has not applied yet', () => {
    expect(
      quotaKeysNotEnforced({
        spec: { hard: { 'requests.storage': '6Gi', 'limits.cpu': '2' } },
        status: { hard: { 'requests.storage': '3Gi', 'limits.cpu': '2' } },
      }),
    ).toEqual(['requests.storage']);
  });

  it('counts a key the status does not have yet, as right after creation', () => {
    expect(
      quotaKeysNotEnforced({ spec: { hard: { pods: '10' } }, status: {} }),
    ).toEqual(['pods']);
  });

  it('compares quantities, not their spelling', () => {
    expect(
      quotaKeysNotEnforced({
        spec: { hard: { 'requests.memory': '1536Mi', 'limits.cpu': '1500m' } },
        status: { hard: { 'requests.memory': '1.5Gi', 'limits.cpu': '1.5' } },
      }),
    ).toEqual([]);
  });
});
