// A sourcer's quality from their submissions' outcomes, with the thresholds real crowd
// platforms use: under 25% "not quite right" and under 3.5% "totally irrelevant". Pure.

export const NOT_QUITE_RIGHT_MAX_SHARE = 0.25;
export const TOTALLY_IRRELEVANT_MAX_SHARE = 0.035;

export interface OutcomeCounts {
  submitted: number;
  /** Ever delivered (passed the AI check), whatever happened next. */
  delivered: number;
  hired: number;
  withdrawn: number;
  open: number;
  disqualified: { already_connected: number; not_quite_right: number; totally_irrelevant: number };
  /** Disqualified before being delivered (by the AI check). */
  disqualifiedBeforeDelivery: number;
}

export interface CapSettings {
  minDecided: number;
  capNew: number;
  capGood: number;
  capPoor: number;
}

export type QualityTier = 'new' | 'good' | 'poor';

export interface Quality {
  decided: number;
  acceptanceRate: number | null;
  shares: { already_connected: number | null; not_quite_right: number | null; totally_irrelevant: number | null };
  thresholds: { not_quite_right: number; totally_irrelevant: number };
  tier: QualityTier;
  /** 0..100; null until enough submissions were decided. */
  score: number | null;
  /** Open submissions allowed per job. */
  capPerJob: number;
}

const share = (n: number, of: number) => (of === 0 ? null : n / of);

export function quality(counts: OutcomeCounts, settings: CapSettings): Quality {
  const decided = counts.delivered + counts.disqualifiedBeforeDelivery;
  const d = counts.disqualified;
  const shares = {
    already_connected: share(d.already_connected, decided),
    not_quite_right: share(d.not_quite_right, decided),
    totally_irrelevant: share(d.totally_irrelevant, decided),
  };
  const acceptanceRate = share(counts.delivered, decided);
  const thresholds = { not_quite_right: NOT_QUITE_RIGHT_MAX_SHARE, totally_irrelevant: TOTALLY_IRRELEVANT_MAX_SHARE };
  if (decided < settings.minDecided) {
    return { decided, acceptanceRate, shares, thresholds, tier: 'new', score: null, capPerJob: settings.capNew };
  }
  const nqr = shares.not_quite_right ?? 0;
  const ti = shares.totally_irrelevant ?? 0;
  const breached = nqr >= NOT_QUITE_RIGHT_MAX_SHARE || ti >= TOTALLY_IRRELEVANT_MAX_SHARE;
  // Acceptance, minus penalties that grow with how far each share is over its threshold.
  const penalty = 2 * Math.max(0, nqr - NOT_QUITE_RIGHT_MAX_SHARE) + 10 * Math.max(0, ti - TOTALLY_IRRELEVANT_MAX_SHARE);
  const score = Math.round(100 * Math.min(1, Math.max(0, (acceptanceRate ?? 0) - penalty)));
  const tier: QualityTier = breached ? 'poor' : 'good';
  return { decided, acceptanceRate, shares, thresholds, tier, score, capPerJob: breached ? settings.capPoor : settings.capGood };
}
