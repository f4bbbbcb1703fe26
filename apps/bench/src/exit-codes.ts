/** Exit codes: all cells ran / some failed / bad usage / interrupted (128 + SIGINT). */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;
