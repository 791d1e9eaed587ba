import { SESSION_EVENT, sessionEventsPath, sessionSchema, type Session } from '@atrium/contracts';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { stillStarting } from './launch-progress';

/**
 * The launched session as it starts, pushed by the control plane (Server-Sent Events) the moment it changes, so the
 * viewer opens as soon as the session runs. Where the stream cannot open (a proxy that refuses it, a browser
 * without EventSource), the session is read every half second instead.
 */
export function useStartingSession(launched: Session | undefined): Session | undefined {
  const id = launched?.id;
  const starting = stillStarting(launched?.state);
  const [pushed, setPushed] = useState<Session>();
  const [pushFailed, setPushFailed] = useState(false);

  useEffect(() => {
    if (!id || !starting) return;
    if (typeof EventSource !== 'function') return setPushFailed(true);
    const source = new EventSource(sessionEventsPath(id));
    source.addEventListener(SESSION_EVENT, (event) => {
      const parsed = sessionSchema.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (!parsed.success) return;
      setPushed(parsed.data);
      if (!stillStarting(parsed.data.state)) source.close();
    });
    // A stream the server ended while the session still starts reconnects by itself; one that could not open at all
    // (refused, or not an event stream) is closed for good: poll instead.
    source.onerror = () => source.readyState === EventSource.CLOSED && setPushFailed(true);
    return () => source.close();
  }, [id, starting]);

  const polled = useQuery({
    queryKey: ['sessions', id],
    queryFn: () => api.session(id as string),
    enabled: pushFailed && starting,
    refetchInterval: (query) => (stillStarting(query.state.data?.state) ? 500 : false),
  });
  return polled.data ?? pushed ?? launched;
}
