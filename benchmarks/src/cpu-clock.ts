/**
 * Seconds of CPU this process has used (user + system, all threads). On a shared machine a
 * single-threaded workload's CPU time moves far less with the load than its wall time, so rates per
 * CPU second compare engines measured minutes apart.
 */
export function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
