import type { Workspace } from '@atrium/contracts';
import type { StagingSlot } from '@atrium/db';

/** A staged container that has no place in its pool any more, and why. */
export interface Retired {
  slot: StagingSlot;
  reason: string;
}

/** A slot still starting after this long is taken for lost (its starter died): it is replaced. */
export const STARTING_GIVE_UP_MS = 120_000;

/**
 * What the pools need, from what they have: slots of removed, disabled or shrunk workspaces, of an image the
 * workspace no longer uses, or stuck starting, are retired; each enabled workspace is then short of
 * `stagingSize` minus what it keeps. A pure function, so the rule has table tests.
 */
export function planStaging(
  workspaces: readonly Workspace[],
  slots: readonly StagingSlot[],
  now = Date.now(),
): { retire: Retired[]; missing: Map<string, number> } {
  const retire: Retired[] = [];
  const missing = new Map<string, number>();
  const byWorkspace = new Map<string, StagingSlot[]>();
  for (const slot of slots) {
    const workspace = workspaces.find((candidate) => candidate.id === slot.workspaceId);
    if (!workspace || !workspace.enabled || workspace.stagingSize === 0) retire.push({ slot, reason: 'the workspace keeps no pool' });
    else if (slot.image !== workspace.image) retire.push({ slot, reason: 'the workspace image changed' });
    else if (slot.state === 'starting' && now - slot.createdAt.getTime() > STARTING_GIVE_UP_MS) retire.push({ slot, reason: 'it never became ready' });
    else byWorkspace.set(workspace.id, [...(byWorkspace.get(workspace.id) ?? []), slot]);
  }
  for (const workspace of workspaces.filter((candidate) => candidate.enabled && candidate.stagingSize > 0)) {
    const kept = byWorkspace.get(workspace.id) ?? [];
    // Too many (the size went down): the newest go first, the oldest ready ones stay claimable.
    for (const slot of kept.slice(workspace.stagingSize)) retire.push({ slot, reason: 'the pool is smaller now' });
    if (kept.length < workspace.stagingSize) missing.set(workspace.id, workspace.stagingSize - kept.length);
  }
  return { retire, missing };
}
