// The submission pipeline as data: which moves exist and who may make them. Pure, unit-tested.
import type { Role } from '../auth/roles.js';

export const STAGES = ['submitted', 'awaiting_credit', 'delivered', 'shortlisted', 'contacted', 'interviewing', 'hired', 'disqualified', 'withdrawn'] as const;
export type Stage = (typeof STAGES)[number];
export const DISQUALIFICATION_REASONS = ['already_connected', 'not_quite_right', 'totally_irrelevant'] as const;
export type DisqualificationReason = (typeof DISQUALIFICATION_REASONS)[number];

export const TERMINAL: readonly Stage[] = ['hired', 'disqualified', 'withdrawn'];
/** Stages in which a submission still takes one of the sourcer's slots for that job. */
export const OPEN_STAGES: readonly Stage[] = ['submitted', 'awaiting_credit', 'delivered', 'shortlisted', 'contacted', 'interviewing'];

const NEXT: Partial<Record<Stage, Stage>> = {
  submitted: 'delivered',
  delivered: 'shortlisted',
  shortlisted: 'contacted',
  contacted: 'interviewing',
  interviewing: 'hired',
};

/** `system` is the AI check: it decides whether a new submission is delivered. */
export type Actor = Role | 'system';

export type MoveCheck = { ok: true } | { ok: false; code: 'INVALID_STAGE_MOVE' | 'STAGE_MOVE_FORBIDDEN' | 'REASON_REQUIRED' | 'REASON_NOT_ALLOWED'; message: string };

/**
 * `delivered` from `submitted` is one move for callers; with payments on it passes through
 * `awaiting_credit` until the company's credit is spent (see SubmissionsService).
 */
export function checkMove(from: Stage, to: Stage, actor: Actor, reason?: string): MoveCheck {
  const viaCredit = (from === 'submitted' && to === 'awaiting_credit') || (from === 'awaiting_credit' && to === 'delivered');
  const valid = !TERMINAL.includes(from) && (NEXT[from] === to || viaCredit || to === 'disqualified' || to === 'withdrawn');
  if (!valid) return { ok: false, code: 'INVALID_STAGE_MOVE', message: `A submission cannot move from ${from} to ${to}` };
  if (to === 'disqualified' && !reason) return { ok: false, code: 'REASON_REQUIRED', message: 'A disqualification needs a reason' };
  if (to !== 'disqualified' && reason) return { ok: false, code: 'REASON_NOT_ALLOWED', message: 'Only a disqualification takes a reason' };
  if (!mayMove(from, to, actor)) return { ok: false, code: 'STAGE_MOVE_FORBIDDEN', message: `A ${actor} cannot move a submission from ${from} to ${to}` };
  return { ok: true };
}

function mayMove(from: Stage, to: Stage, actor: Actor): boolean {
  switch (actor) {
    case 'admin':
      return true;
    case 'sourcer':
      return to === 'withdrawn';
    // Employers decide on what was delivered to them; the AI check decides what gets delivered.
    case 'employer':
      return from !== 'submitted' && from !== 'awaiting_credit' && to !== 'withdrawn';
    case 'system':
      return (from === 'submitted' || from === 'awaiting_credit') && (to === 'delivered' || to === 'awaiting_credit' || to === 'disqualified');
  }
}
