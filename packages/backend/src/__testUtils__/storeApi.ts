import { readFileSync, readdirSync } from 'node:fs';
import { CoreV1Api } from '@kubernetes/client-node';
import { eventually } from './kube';
import { waitForEntity } from './scaffolder';
import { guestToken } from './startBackend';

/** The store-platform REST API of a running backend, as the card and the actions use it. */
export function storeApi(baseUrl: string, token: string) {
  const base = `${baseUrl}/api/store-platform`;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return {
      status: res.status,
      text,
      json,
      type: res.headers.get('content-type'),
    };
  };
  return {
    call,
    get: (id: string) => call('GET', `/stores/${encodeURIComponent(id)}`),
    events: (id: string) =>
      call('GET', `/stores/${encodeURIComponent(id)}/events`),
    remove: (id: string) => call('DELETE', `/stores/${encodeURIComponent(id)}`),
    /** Waits until the store's status satisfies `ok` (404 is reported as status `gone`). */
    async waitFor(
      id: string,
      ok: (status: string, store: any) => boolean,
      timeoutMs = 120_000,
    ): Promise<any> {
      return eventually(
        `store ${id} to reach the expected status`,
        async () => {
          const res = await call('GET', `/stores/${encodeURIComponent(id)}`);
          const status = res.status === 404 ? 'gone' : res.json?.status;
          return ok(status, res.json) ? res.json ?? { status } : undefined;
        },
        timeoutMs,
      );
    },
  };
}

/** The scaffolder's task API: create a task without waiting, cancel it, read it. */
export function taskApi(baseUrl: string, token: string) {
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  };
  return {
    async start(values: Record<string, unknown>): Promise<string> {
      const res = await fetch(`${baseUrl}/api/scaffolder/v2/tasks`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ templateRef: 'template:default/store', values }),
      });
      if (res.status !== 201) {
        throw new Error(`task not created: ${res.status} ${await res.text()}`);
      }
      return (await res.json()).id;
    },
    async cancel(taskId: string): Promise<number> {
      const res = await fetch(
        `${baseUrl}/api/scaffolder/v2/tasks/${taskId}/cancel`,
        { method: 'POST', headers },
      );
      return res.status;
    },
    async status(taskId: string): Promise<string> {
      const res = await fetch(`${baseUrl}/api/scaffolder/v2/tasks/${taskId}`, {
        headers,
      });
      return (await res.json()).status;
    },
    async settled(taskId: string, timeoutMs = 120_000): Promise<string> {
      return eventually(
        `task ${taskId} to end`,
        async () => {
          const s = await this.status(taskId);
          return ['completed', 'failed', 'cancelled'].includes(s)
            ? s
            : undefined;
        },
        timeoutMs,
      );
    },
    async log(taskId: string): Promise<string> {
      const res = await fetch(
        `${baseUrl}/api/scaffolder/v2/tasks/${taskId}/events`,
        { headers },
      );
      return res.text();
    },
  };
}

/**
 * A guest token that carries the guest's group memberships (store owners):
 * sign-in resolves them from the catalog, so it must wait for the org and
 * the template to be ingested first.
 */
export async function ownerToken(baseUrl: string): Promise<string> {
  const early = await guestToken(baseUrl);
  await waitForEntity(baseUrl, early, {
    kind: 'user',
    namespace: 'development',
    name: 'guest',
  });
  await waitForEntity(baseUrl, early, { kind: 'template', name: 'store' });
  return guestToken(baseUrl);
}

/** Values of the store form, with a title and the defaults a user would pick. */
export function storeForm(id: string, extra: Record<string, unknown> = {}) {
  return {
    name: id,
    title: `Shop ${id}`,
    engine: 'woocommerce',
    owner: 'group:default/store-owners',
    size: 'small',
    adminEmail: 'owner@example.com',
    ...extra,
  };
}

/** The generated passwords of a store, read with the admin credentials. */
export async function generatedSecrets(
  core: CoreV1Api,
  storeId: string,
): Promise<string[]> {
  const secret = await core.readNamespacedSecret({
    name: 'mariadb-secret',
    namespace: `store-${storeId}`,
  });
  return Object.values(secret.data ?? {})
    .map(value => Buffer.from(value, 'base64').toString('utf8'))
    .filter(plain => plain.length >= 12); // passwords, not user names
}

/** Every Kubernetes event in a store's namespace, as text, for the secret scan. */
export async function namespaceEventsText(
  core: CoreV1Api,
  storeId: string,
): Promise<string> {
  const events = await core.listNamespacedEvent({
    namespace: `store-${storeId}`,
  });
  return JSON.stringify(events.items);
}

/** Deletes a store's namespace (test clean-up); absent is fine. */
export async function dropNamespace(core: CoreV1Api, storeId: string) {
  await core
    .deleteNamespace({ name: `store-${storeId}` })
    .catch(() => undefined);
}

/** Resident memory (kB) of every process in a process group, by pid. */
export function groupRssKb(pgid: number): Map<number, number> {
  const result = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start at ") ".
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const rss = /VmRSS:\s+(\d+) kB/.exec(status);
      if (rss) result.set(Number(entry), Number(rss[1]));
    } catch {
      // the process ended while we looked
    }
  }
  return result;
}

export const unique = () => Math.random().toString(36).slice(2, 8);
