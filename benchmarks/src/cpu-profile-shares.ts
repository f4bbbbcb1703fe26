/** The parts of a V8 `.cpuprofile` (as `node --cpu-prof` writes it) that self time needs. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  /** Microseconds before each sample. */
  timeDeltas: number[];
}

/** Self time in seconds, by the place that spent it. */
export interface ProfileShares {
  totalSeconds: number;
  /** Workspace package (`packages/x`, `apps/x`), npm package, or a native bucket, most first. */
  byArea: Array<{ area: string; seconds: number }>;
  /** `function (area:line)`, most first. */
  byFunction: Array<{ name: string; seconds: number }>;
}

/** Where a script lives: its workspace package, else its npm package, else a native bucket. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const workspace = /\/(packages|apps|benchmarks)\/([^/]+)\//.exec(url);
  if (workspace && !url.includes('node_modules')) return `${workspace[1]}/${workspace[2]}`;
  const dependency = /node_modules\/(@[^/]+\/[^/]+|[^/]+)\//.exec(url);
  if (dependency) return dependency[1]!;
  if (url.startsWith('node:')) return 'node internals';
  if (url.startsWith('wasm')) return 'WebAssembly';
  return url;
}

function sorted(totals: Map<string, number>): Array<[string, number]> {
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/**
 * Self time of each profile node (the time before each sample is charged to the node sampled), summed
 * over profiles (a run with worker threads writes one per thread) by area and by function.
 */
export function profileShares(profiles: readonly CpuProfile[]): ProfileShares {
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const profile of profiles) {
    const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    profile.samples.forEach((id, k) => {
      const seconds = (profile.timeDeltas[k] ?? 0) / 1e6;
      const frame = frames.get(id)!;
      const area = areaOf(frame.url, frame.functionName);
      const name = `${frame.functionName || '(anonymous)'} (${area}:${frame.lineNumber + 1})`;
      areas.set(area, (areas.get(area) ?? 0) + seconds);
      functions.set(name, (functions.get(name) ?? 0) + seconds);
      total += seconds;
    });
  }
  return {
    totalSeconds: total,
    byArea: sorted(areas).map(([area, seconds]) => ({ area, seconds })),
    byFunction: sorted(functions).map(([name, seconds]) => ({ name, seconds })),
  };
}
