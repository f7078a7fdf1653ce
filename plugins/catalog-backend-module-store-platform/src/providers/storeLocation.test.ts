import { ConfigReader } from '@backstage/config';
import {
  ANNOTATION_EDIT_URL,
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_VIEW_URL,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import { AnnotateLocationEntityProcessor } from '@backstage/plugin-catalog-backend';
import { testStore } from '../__testUtils__/testStores';
import { storeToEntity } from './storeToEntity';

/**
 * What the catalog does to a provider's entity before storing it: the stock
 * processor reads the entity's own location annotations and, for a `url:`
 * location, adds view, edit and source links from it. The About card's
 * "View source" follows `backstage.io/source-location`; its refresh button
 * shows for `url:` and `file:` locations.
 */
async function asTheCatalogStoresIt(entity: Entity): Promise<Entity> {
  const annotations = entity.metadata.annotations ?? {};
  const processor = new AnnotateLocationEntityProcessor({
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
  });
  return processor.preProcessEntity(
    entity,
    parseLocationRef(annotations[ANNOTATION_LOCATION]),
    () => {},
    parseLocationRef(annotations[ANNOTATION_ORIGIN_LOCATION]),
  );
}

describe("a store entity's location", () => {
  const entity = storeToEntity(testStore('shop-one'));

  it('is a location of its own type, which nothing treats as a URL', () => {
    for (const name of [ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION]) {
      expect(parseLocationRef(entity.metadata.annotations![name])).toEqual({
        type: 'store-platform',
        target: 'stores/shop-one',
      });
    }
  });

  it('gives the About card no link to follow: no view, edit or source URL after processing', async () => {
    const stored = await asTheCatalogStoresIt(entity);
    const annotations = stored.metadata.annotations!;
    expect(annotations[ANNOTATION_VIEW_URL]).toBeUndefined();
    expect(annotations[ANNOTATION_EDIT_URL]).toBeUndefined();
    expect(annotations[ANNOTATION_SOURCE_LOCATION]).toBeUndefined();
    // The refresh button only shows for url: and file: locations; a store is refreshed by its provider.
    expect(annotations[ANNOTATION_LOCATION]).not.toMatch(/^(url|file):/);
  });

  it('keeps every link the entity has pointing at a real URL', async () => {
    const stored = await asTheCatalogStoresIt(entity);
    for (const link of stored.metadata.links ?? []) {
      expect(new URL(link.url).protocol).toMatch(/^https?:$/);
    }
  });
});
