// How each process is started: the Node.js flags that are part of its configuration. Every way
// of running Crowdhire starts it with these: npm start (scripts/start.ts), `npm run start:api`
// and `start:worker`, the image (Dockerfile), Compose, the Kubernetes manifests and the
// benchmarks; test/unit/launch-flags.test.ts checks each of them against this file.
//
// --min-semi-space-size (MiB): a floor under the API's young generation. V8 sizes it by what
// the process has done: it grows while objects survive (as at startup), shrinks at the first
// collection after a quiet spell in which anything was allocated (timers, driver heartbeats),
// and under request traffic, whose objects hardly ever survive, it does not grow back. Shrunk
// to a few MiB, it meant a scavenge every few milliseconds, each dearer than in a small process
// because the API's heap is larger (the taxonomy): the trivial route lost 6 to 12 % of its
// throughput in A/B runs, and how much an API served depended on its history. The floor costs
// up to 32 MiB of memory (two semi-spaces, used as they fill).
export const NODE_FLAGS = {
  api: ['--enable-source-maps', '--min-semi-space-size=16'],
  worker: ['--enable-source-maps'],
} as const;

export type ProcessKind = keyof typeof NODE_FLAGS;

/** Each process's entry point, relative to the project's root. */
export const ENTRY_POINTS: Record<ProcessKind, string> = { api: 'dist/src/main.js', worker: 'dist/src/worker.js' };

/** The command that starts a process, as the image, Compose and Kubernetes spell it. */
export function launchCommand(kind: ProcessKind): string[] {
  return ['node', ...NODE_FLAGS[kind], ENTRY_POINTS[kind]];
}
