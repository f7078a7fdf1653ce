import { KubeConfig } from '@kubernetes/client-node';
import { ProvisioningAbortedError } from '../errors';
import { watchUntil, WatchSource } from './watchUntil';

/** Each watch() call plays the next script: events, then how the stream ends. */
type Script = {
  events: Array<[string, any]>;
  end?: 'close' | { statusCode: number } | 'hang';
};
const scripts: Script[] = [];
const watchCalls: Array<Record<string, unknown>> = [];

jest.mock('@kubernetes/client-node', () => {
  const actual = jest.requireActual('@kubernetes/client-node');
  class FakeWatch {
    async watch(
      _path: string,
      query: Record<string, unknown>,
      onEvent: (t: string, o: any) => void,
      done: (e: any) => void,
    ) {
      watchCalls.push(query);
      const script = scripts.shift() ?? { events: [], end: 'hang' };
      const controller = new AbortController();
      setImmediate(() => {
        for (const [type, obj] of script.events) {
          if (controller.signal.aborted) return;
          onEvent(type, obj);
        }
        if (controller.signal.aborted || script.end === 'hang') return;
        if (script.end === 'close' || script.end === undefined) done(null);
        else done(Object.assign(new Error('watch failed'), script.end));
      });
      return controller;
    }
  }
  return { ...actual, Watch: FakeWatch };
});

const obj = (rv: string, ready: boolean) => ({
  metadata: { name: 'x', resourceVersion: rv },
  status: { ready },
});

function source(lists: Array<{ items: any[]; rv: string }>) {
  const list = jest.fn(async () => {
    const next = lists.shift()!;
    return { items: next.items, metadata: { resourceVersion: next.rv } };
  });
  const s: WatchSource<any> = { description: 'things', path: '/things', list };
  return { s, list };
}

const ready = (_type: string, o: any) =>
  o.status.ready ? o.metadata.resourceVersion : undefined;

describe('watchUntil', () => {
  beforeEach(() => {
    scripts.length = 0;
    watchCalls.length = 0;
  });
  const kc = new KubeConfig();

  it('resolves from the list when the state is already reached, without watching', async () => {
    const { s } = source([{ items: [obj('5', true)], rv: '5' }]);
    await expect(
      watchUntil(kc, s, ready, new AbortController().signal),
    ).resolves.toBe('5');
    expect(watchCalls).toHaveLength(0);
  });

  it('watches from the list resourceVersion and resolves on the first matching event', async () => {
    const { s } = source([{ items: [obj('5', false)], rv: '7' }]);
    scripts.push({
      events: [
        ['MODIFIED', obj('8', false)],
        ['MODIFIED', obj('9', true)],
      ],
      end: 'hang',
    });
    await expect(
      watchUntil(kc, s, ready, new AbortController().signal),
    ).resolves.toBe('9');
    expect(watchCalls[0].resourceVersion).toBe('7');
  });

  it('re-lists after 410 Gone (as an ERROR event or as the stream status)', async () => {
    const { s, list } = source([
      { items: [], rv: '1' },
      { items: [obj('20', false)], rv: '20' },
      { items: [obj('30', true)], rv: '30' },
    ]);
    scripts.push({
      events: [
        [
          'ERROR',
          { kind: 'Status', code: 410, message: 'too old resource version' },
        ],
      ],
      end: 'hang',
    });
    scripts.push({ events: [], end: { statusCode: 410 } });
    await expect(
      watchUntil(kc, s, ready, new AbortController().signal),
    ).resolves.toBe('30');
    expect(list).toHaveBeenCalledTimes(3);
    expect(watchCalls.map(q => q.resourceVersion)).toEqual(['1', '20']);
  });

  it('resumes from the last version seen when the server closes the watch', async () => {
    const { s, list } = source([{ items: [], rv: '1' }]);
    scripts.push({
      events: [
        ['ADDED', obj('4', false)],
        ['BOOKMARK', { metadata: { resourceVersion: '6' } }],
      ],
      end: 'close',
    });
    scripts.push({ events: [['MODIFIED', obj('7', true)]], end: 'hang' });
    await expect(
      watchUntil(kc, s, ready, new AbortController().signal),
    ).resolves.toBe('7');
    expect(list).toHaveBeenCalledTimes(1);
    expect(watchCalls.map(q => q.resourceVersion)).toEqual(['1', '6']);
  });

  it('ends when onSynced says so after a list (e.g. nothing left to delete)', async () => {
    const { s } = source([{ items: [], rv: '1' }]);
    await expect(
      watchUntil(
        kc,
        s,
        () => undefined,
        new AbortController().signal,
        items => (items.length === 0 ? 'gone' : undefined),
      ),
    ).resolves.toBe('gone');
  });

  it('stops when aborted', async () => {
    const { s } = source([{ items: [], rv: '1' }]);
    scripts.push({ events: [], end: 'hang' });
    const controller = new AbortController();
    const pending = watchUntil(kc, s, ready, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(ProvisioningAbortedError);
  });

  it('gives a typed error for a non-transient failure', async () => {
    const { s } = source([{ items: [], rv: '1' }]);
    scripts.push({ events: [], end: { statusCode: 403 } });
    await expect(
      watchUntil(kc, s, ready, new AbortController().signal),
    ).rejects.toThrow('watching things failed: the API answered HTTP 403');
  });
});
