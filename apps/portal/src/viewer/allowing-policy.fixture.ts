import type { ResolvedPolicy } from '@atrium/contracts';

/** For the viewer's specs: a policy that allows every control the bar offers, with `change` applied. */
export const allowingPolicy = (change: Partial<ResolvedPolicy> = {}) =>
  ({
    allow_kasm_clipboard_up: true,
    allow_kasm_clipboard_down: true,
    allow_kasm_delete: true,
    allow_kasm_sharing: true,
    allow_kasm_uploads: true,
    allow_kasm_downloads: true,
    allow_kasm_audio: true,
    allow_kasm_microphone: true,
    ...change,
  }) as ResolvedPolicy;
