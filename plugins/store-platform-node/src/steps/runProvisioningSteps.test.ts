import { ProvisioningAbortedError } from '../errors';
import { runProvisioningSteps, checkStepGraph } from './runProvisioningSteps';
import { ProvisioningStep, StepEvent } from './types';

/** A step that resolves when the test releases it, recording when it ran. */
function controllable(id: string, dependsOn: string[] = []) {
  let release!: () => void;
  let fail!: (e: Error) => void;
  const gate = new Promise<void>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  const log = { started: false, aborted: false };
  const step: ProvisioningStep = {
    id,
    title: `step ${id}`,
    dependsOn,
    async run(ctx) {
      log.started = true;
      ctx.signal.addEventListener('abort', () => {
        log.aborted = true;
        fail(new ProvisioningAbortedError(id));
      });
      ctx.report(`${id} working`);
      await gate;
    },
  };
  return { step, release: () => release(), fail: (e: Error) => fail(e), log };
}

const tick = () => new Promise(r => setImmediate(r));

describe('runProvisioningSteps', () => {
  it('starts each step as soon as its dependencies are done, concurrently', async () => {
    const ns = controllable('namespace');
    const db = controllable('database', ['namespace']);
    const web = controllable('storefront', ['namespace']);
    const ing = controllable('ingress', ['namespace']);
    const boot = controllable('bootstrap', ['database', 'storefront']);
    const run = runProvisioningSteps([
      boot.step,
      db.step,
      web.step,
      ing.step,
      ns.step,
    ]);

    await tick();
    expect([ns, db, web, ing, boot].map(s => s.log.started)).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
    ns.release();
    await tick();
    // the three independent steps run together
    expect([db, web, ing, boot].map(s => s.log.started)).toEqual([
      true,
      true,
      true,
      false,
    ]);
    db.release();
    await tick();
    expect(boot.log.started).toBe(false); // still waits for the storefront
    web.release();
    await tick();
    expect(boot.log.started).toBe(true);
    ing.release();
    boot.release();
    await expect(run).resolves.toBeUndefined();
  });

  it('reports start, progress and done of every step, and wraps each step', async () => {
    const events: StepEvent[] = [];
    const wrapped: string[] = [];
    const a = controllable('a');
    const b = controllable('b', ['a']);
    a.release();
    b.release();
    await runProvisioningSteps([a.step, b.step], {
      onEvent: e => events.push(e),
      wrapStep: async (step, run) => {
        wrapped.push(step.id);
        await run();
      },
    });
    expect(wrapped).toEqual(['a', 'b']);
    expect(events.map(e => `${e.stepId}:${e.phase}`)).toEqual([
      'a:start',
      'a:progress',
      'a:done',
      'b:start',
      'b:progress',
      'b:done',
    ]);
    expect(events[1].message).toBe('a working');
    expect(events[2].durationMs).toEqual(expect.any(Number));
  });

  it('aborts the running steps on the first failure, starts no more, and rethrows it', async () => {
    const events: StepEvent[] = [];
    const a = controllable('a');
    const b = controllable('b');
    const c = controllable('c', ['a', 'b']);
    const run = runProvisioningSteps([a.step, b.step, c.step], {
      onEvent: e => events.push(e),
    });
    await tick();
    a.fail(new Error('quota exceeded'));
    await expect(run).rejects.toThrow('quota exceeded');
    expect(b.log.aborted).toBe(true);
    expect(c.log.started).toBe(false);
    expect(
      events.find(e => e.phase === 'failed' && e.stepId === 'a')?.message,
    ).toBe('quota exceeded');
  });

  it('honours the caller signal', async () => {
    const controller = new AbortController();
    const a = controllable('a');
    const run = runProvisioningSteps([a.step], { signal: controller.signal });
    await tick();
    controller.abort();
    await expect(run).rejects.toBeInstanceOf(ProvisioningAbortedError);
    expect(a.log.aborted).toBe(true);
  });

  it('refuses bad graphs before running anything', async () => {
    const a = controllable('a', ['b']);
    const b = controllable('b', ['a']);
    await expect(runProvisioningSteps([a.step, b.step])).rejects.toThrow(
      'cycle',
    );
    expect(a.log.started || b.log.started).toBe(false);
    expect(() => checkStepGraph([controllable('x', ['nope']).step])).toThrow(
      'unknown step nope',
    );
    expect(() =>
      checkStepGraph([controllable('x').step, controllable('x').step]),
    ).toThrow('defined twice');
  });
});
