import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Figure } from './figure.js';

/** Where and on what the figures were measured. */
export interface Machine {
  cpus: number;
  cpuModel: string;
  totalMemoryMiB: number;
  node: string;
  platform: string;
  curl: string | null;
  /** 1-minute load average when the run started and when it ended: how busy the machine was. */
  loadAverage: { start: number; end: number };
}

/** The JSON the bench writes: the table and how it was measured. */
export interface BenchResults {
  schemaVersion: 1;
  createdAt: string;
  quick: boolean;
  machine: Machine;
  /** How times were taken, in one paragraph. */
  method: string;
  figures: Figure[];
}

/** Describe the machine the bench runs on; `startLoad` is the 1-minute load average taken at the start. */
export function describeMachine(curl: string | undefined, startLoad: number): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemoryMiB: Math.round(os.totalmem() / 1024 / 1024),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    curl: curl ?? null,
    loadAverage: { start: startLoad, end: os.loadavg()[0] ?? 0 },
  };
}

/** Write `results` as pretty JSON to `file`, creating its directory. */
export async function writeResults(file: string, results: BenchResults): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
}
