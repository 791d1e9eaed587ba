import type { ResolvedPolicy } from '@atrium/contracts';
import { useEffect, useState, type RefObject } from 'react';
import { api } from '../api/client';
import { idleTooLong, keepaliveEveryMs } from './keepalive';

const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * Keeps the owner's session alive while the viewer is open, and measures the control plane's round trip on
 * the way (the viewer's "latency"). After `idle_disconnect` minutes without input it stops and calls `onIdle`,
 * so the control plane ends an abandoned session on time.
 */
export function useKeepalive(
  sessionId: string,
  policy: ResolvedPolicy | undefined,
  screen: RefObject<HTMLElement | null>,
  onIdle: () => void,
  active: boolean,
) {
  const [latencyMs, setLatencyMs] = useState<number>();
  useEffect(() => {
    const element = screen.current;
    if (!policy || !active || !element) return;
    let lastInput = Date.now();
    const noticeInput = () => (lastInput = Date.now());
    for (const type of INPUT_EVENTS) element.addEventListener(type, noticeInput, { passive: true });
    const send = async () => {
      const started = performance.now();
      await api.keepalive(sessionId).then(
        () => setLatencyMs(Math.round(performance.now() - started)),
        () => setLatencyMs(undefined),
      );
    };
    void send();
    const timer = setInterval(() => {
      if (idleTooLong(policy, Date.now() - lastInput)) {
        clearInterval(timer);
        onIdle();
        return;
      }
      void send();
    }, keepaliveEveryMs(policy));
    return () => {
      clearInterval(timer);
      for (const type of INPUT_EVENTS) element.removeEventListener(type, noticeInput);
    };
  }, [sessionId, policy, screen, onIdle, active]);
  return latencyMs;
}
