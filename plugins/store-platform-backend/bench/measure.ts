export interface Timing {
  p50: number;
  p95: number;
  max: number;
  samples: number;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return sorted[Math.max(0, index)];
}

/**
 * Calls `run` `warmup` times unmeasured, then `samples` times one after the
 * other, and summarises the wall-clock durations in milliseconds.
 */
export async function measure(
  run: (i: number) => Promise<void>,
  options: { samples: number; warmup: number },
): Promise<Timing> {
  for (let i = 0; i < options.warmup; i++) await run(i);
  const durations: number[] = [];
  for (let i = 0; i < options.samples; i++) {
    const started = process.hrtime.bigint();
    await run(i);
    durations.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  durations.sort((a, b) => a - b);
  return {
    p50: percentile(durations, 50),
    p95: percentile(durations, 95),
    max: durations[durations.length - 1],
    samples: durations.length,
  };
}
