import { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { SIZE_PRESETS } from '../resources/sizes';
import { volumesTooLarge } from './resizeVolumes';

const claim = (name: string, storage: string): V1PersistentVolumeClaim => ({
  metadata: { name },
  spec: { resources: { requests: { storage } } },
});

describe('volumesTooLarge', () => {
  it("names each volume larger than the size's, with both sizes", () => {
    const claims = [
      claim('mariadb-data', '10Gi'),
      claim('wordpress-data', '2Gi'),
      claim('store-backups', '15Gi'),
    ];
    expect(volumesTooLarge(claims, SIZE_PRESETS.small)).toEqual([
      { claim: 'mariadb-data', holds: '10Gi', allowed: '2Gi' },
      { claim: 'store-backups', holds: '15Gi', allowed: '4Gi' },
    ]);
  });

  it('lets a store shrink whose volumes never grew beyond the smaller size', () => {
    const claims = [
      claim('mariadb-data', '2Gi'),
      claim('wordpress-data', '2048Mi'),
    ];
    expect(volumesTooLarge(claims, SIZE_PRESETS.small)).toEqual([]);
  });

  it('ignores claims that are not the store’s volumes', () => {
    expect(
      volumesTooLarge([claim('someone-elses', '1Ti')], SIZE_PRESETS.small),
    ).toEqual([]);
  });
});
