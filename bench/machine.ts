// The machine line of every report: numbers from different CPUs or Node versions are not comparable.
import os from 'node:os';
import type { Machine } from './types.js';

export function machineInfo(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    node: process.version,
  };
}

/**
 * The 1-minute load average. Printed beside the tables: on a machine with few cores, other processes
 * (a test run, a compiler) take CPU from the bench, and timings are only as good as this number.
 */
export function loadAverage(): number {
  return os.loadavg()[0] ?? 0;
}
