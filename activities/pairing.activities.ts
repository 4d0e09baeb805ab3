import type { PairingRepository } from '../libs/pairing/pairing.repository';

/** Pairing (结对帮扶) activities: thin wrappers over the pairing records (idempotent writes). */
export function createPairingActivities({ pairings }: { pairings: PairingRepository }) {
  return {
    loadPairingSchedule: (s: { pairingId: string }) => pairings.schedule(s),
    remindPairingLeader: (r: { pairingId: string; workflowId: string; dueOn: string }) => pairings.remind(r),
    escalateMissedVisit: (e: { pairingId: string; workflowId: string; dueOn: string }) =>
      pairings.escalate(e),
    finishPairing: (f: { pairingId: string; workflowId: string; reason: string }) => pairings.finish(f),
  };
}

export type PairingActivities = ReturnType<typeof createPairingActivities>;
