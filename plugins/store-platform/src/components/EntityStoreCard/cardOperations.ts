import {
  OPERATION_ALLOWED_FROM,
  Store,
  StoreOperation,
} from '@store-platform/plugin-store-platform-common';

/** A day-two operation as the card offers it: a template opened with the store filled in. */
export interface CardOperation {
  operation: StoreOperation;
  /** `metadata.name` of its template, in the `default` namespace. */
  template: string;
  /** The button's words, also its accessible name. */
  label: string;
}

/** In the order the Operations menu lists them. */
export const CARD_OPERATIONS: readonly CardOperation[] = [
  { operation: 'retry', template: 'store-retry', label: 'Retry provisioning' },
  { operation: 'resume', template: 'store-resume', label: 'Resume' },
  { operation: 'upgrade', template: 'store-upgrade', label: 'Upgrade' },
  { operation: 'backup', template: 'store-backup', label: 'Back up' },
  // One template restores in place or, given a target name, clones.
  {
    operation: 'restore',
    template: 'store-restore',
    label: 'Restore or clone',
  },
  { operation: 'resize', template: 'store-resize', label: 'Resize' },
  { operation: 'suspend', template: 'store-suspend', label: 'Suspend' },
  { operation: 'transfer', template: 'store-transfer', label: 'Hand over' },
];

/** How an operation is named when the card reports it (running, last, history). */
export const OPERATION_NAMES: Record<StoreOperation, string> = {
  provision: 'Provisioning',
  retry: 'Retry',
  resize: 'Resize',
  upgrade: 'Upgrade',
  suspend: 'Suspend',
  resume: 'Resume',
  backup: 'Backup',
  restore: 'Restore',
  clone: 'Clone',
  transfer: 'Hand-over',
};

/** The name of an operation kind; unknown kinds are shown as they are. */
export function operationName(kind: string): string {
  return OPERATION_NAMES[kind as StoreOperation] ?? kind;
}

/**
 * The operations the store's status allows, the one most likely wanted first
 * (the way out of failed or suspended, a pending upgrade, else a backup).
 * None while an operation runs: the backend would refuse them all.
 */
export function operationsFor(store: Store): {
  primary?: CardOperation;
  others: CardOperation[];
} {
  if (store.operation) return { others: [] };
  const allowed = CARD_OPERATIONS.filter(op =>
    OPERATION_ALLOWED_FROM[op.operation].includes(store.status),
  );
  const preferred: StoreOperation[] = ['retry', 'resume'];
  if (store.upgradeAvailable) preferred.push('upgrade');
  preferred.push('backup');
  const primary = preferred
    .map(kind => allowed.find(op => op.operation === kind))
    .find(op => op !== undefined);
  return { primary, others: allowed.filter(op => op !== primary) };
}
