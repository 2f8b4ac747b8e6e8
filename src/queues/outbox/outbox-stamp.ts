// The outbox entry a queued job came from, carried in its data under one reserved field, so
// the worker can acknowledge exactly the versions of the intent it has seen.
export interface OutboxStamp {
  id: string;
  version: number;
}

export const OUTBOX_FIELD = '_outbox';

export function stampOf(data: unknown): OutboxStamp | null {
  const stamp = (data as Record<string, unknown> | null)?.[OUTBOX_FIELD] as OutboxStamp | undefined;
  return stamp && typeof stamp.id === 'string' && typeof stamp.version === 'number' ? stamp : null;
}
