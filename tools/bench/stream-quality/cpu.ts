/**
 * CPU time, read where the kernel keeps it: a container's cgroup (cgroup v1 cpuacct, or v2 cpu.stat) or a host
 * process tree's /proc entries. A source's reading is cumulative seconds; a measurement takes the difference.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { docker } from '../bench-client';

export interface CpuSource {
  label: string;
  seconds(): number;
}

const CLOCK_TICKS = 100;

function cgroupSeconds(fullId: string): number {
  const v1 = `/sys/fs/cgroup/cpuacct/docker/${fullId}/cpuacct.usage`;
  if (existsSync(v1)) return Number(readFileSync(v1, 'utf8')) / 1e9;
  const v2 = `/sys/fs/cgroup/system.slice/docker-${fullId}.scope/cpu.stat`;
  const usage = /usage_usec (\d+)/.exec(readFileSync(v2, 'utf8'))?.[1];
  return Number(usage) / 1e6;
}

export function containerCpu(container: string, label: string): CpuSource {
  const fullId = docker('inspect', '-f', '{{.Id}}', container);
  return { label, seconds: () => cgroupSeconds(fullId) };
}

const statOf = (pid: number) => {
  try {
    // Fields after the command's closing parenthesis: state is field 3, ppid 4, utime 14, stime 15.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
};

/** A host process and all its descendants at the time of each reading (processes that ended are not counted). */
export function processTreeCpu(rootPid: number, label: string): CpuSource {
  return {
    label,
    seconds() {
      const stats = new Map<number, { ppid: number; ticks: number }>();
      for (const entry of readdirSync('/proc')) {
        const pid = Number(entry);
        const stat = Number.isInteger(pid) ? statOf(pid) : undefined;
        if (stat) stats.set(pid, stat);
      }
      const inTree = (pid: number): boolean => {
        for (let at = pid, hops = 0; at > 1 && hops < 64; hops++) {
          if (at === rootPid) return true;
          at = stats.get(at)?.ppid ?? 0;
        }
        return false;
      };
      let ticks = 0;
      for (const [pid, stat] of stats) if (inTree(pid)) ticks += stat.ticks;
      return ticks / CLOCK_TICKS;
    },
  };
}

/** The CPU each source used between now and the returned function's call, in % of one core. */
export function cpuMeter(sources: CpuSource[]): () => Map<string, number> {
  const started = performance.now();
  const before = sources.map((source) => source.seconds());
  return () => {
    const seconds = (performance.now() - started) / 1000;
    return new Map(sources.map((source, i) => [source.label, ((source.seconds() - (before[i] as number)) / seconds) * 100]));
  };
}

/** The child of this process whose command is `command` (a browser Playwright started), with its descendants. */
export function childProcessCpu(command: string, label: string): CpuSource {
  const child = readdirSync('/proc').find((entry) => {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || statOf(pid)?.ppid !== process.pid) return false;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]?.endsWith(command) ?? false;
  });
  if (!child) throw new Error(`no child process ${command}`);
  return processTreeCpu(Number(child), label);
}
