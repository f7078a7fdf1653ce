import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';

/** Records what an entity provider sends to the catalog. */
export class FakeEntityProviderConnection implements EntityProviderConnection {
  readonly mutations: EntityProviderMutation[] = [];

  async applyMutation(mutation: EntityProviderMutation): Promise<void> {
    this.mutations.push(mutation);
  }

  async refresh(): Promise<void> {
    throw new Error('the store entity provider is not expected to refresh');
  }

  get last(): EntityProviderMutation | undefined {
    return this.mutations[this.mutations.length - 1];
  }
}
