/*
 * What the replica benchmarks read about processes and the machine, from
 * /proc: a backend's memory and CPU time by pid, the whole machine's CPU, and
 * a one-line description of the machine for the reports.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, getPriority, release, totalmem } from 'node:os';

/** The p-th percentile (nearest rank) of `values`; NaN for none. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.max(
      0,
      Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1),
    )
  ];
}

export interface ProcessMemory {
  /** Resident set now (VmRSS), MiB. */
  rssMb: number;
  /** The highest resident set the process has had (VmHWM), MiB. */
  peakRssMb: number;
}

/** Resident memory of one process, from /proc/<pid>/status. */
export function processMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

// Linux reports CPU times in clock ticks: USER_HZ, 100 on every Linux ABI Node runs on.
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) one process has used so far, from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at ") ", with field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** The whole machine's CPU counters so far (first line of /proc/stat), in ticks. */
export function machineCpuTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** Share of the machine's CPU that was busy between two readings, 0..1. */
export function busyShare(
  from: ReturnType<typeof machineCpuTicks>,
  to: ReturnType<typeof machineCpuTicks>,
): number {
  return (to.busy - from.busy) / Math.max(1, to.total - from.total);
}

/** Cores, memory, kernel, cgroup version and this run's nice value (the replicas inherit it), for a report's first lines. */
export function describeMachine(): string {
  const cgroup = existsSync('/sys/fs/cgroup/cgroup.controllers')
    ? 'cgroup v2'
    : 'cgroup v1';
  return `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(
    totalmem() /
    2 ** 30
  ).toFixed(
    0,
  )} GiB, Linux ${release()}, ${cgroup}; run at nice ${getPriority()}`;
}

/** The load averages (1, 5, 15 min) now, as /proc/loadavg says them. */
export function loadAverages(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

export const mb = (n: number) => `${n.toFixed(0)} MiB`;
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
