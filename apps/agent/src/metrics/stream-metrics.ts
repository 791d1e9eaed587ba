import { streamMetrics } from '@atrium/http';

/**
 * The agent's metrics: the browser streams it bridges (desktop and sound), counted on their sockets, and its process.
 * The webapp serves them with its own at /api/metrics (the agent's port is on the control network only); every
 * series carries the agent's name.
 */
const metrics = streamMetrics({ prefix: 'atrium_agent_', streams: 'atrium_stream', what: 'Browser streams to workspaces' });

export const registry = metrics.registry;

/** Counts a browser stream from now until its socket closes. */
export const trackStream = (kind: 'desktop' | 'audio', socket: Parameters<typeof metrics.track>[1]) => metrics.track(kind, socket);

/** Names this agent on every series (set once its name is known). */
export const labelAgent = (name: string) => registry.setDefaultLabels({ agent: name });
