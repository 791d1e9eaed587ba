import { toKasmId, type publicZoneSchema } from '@atrium/contracts';
import { AgentsRepository } from '@atrium/db';
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { AppContext } from '../context';

type Zone = z.infer<typeof publicZoneSchema>;

/**
 * The deployment's zones. An RA1 host is one zone, named by ZONE_NAME, holding every agent; its id is derived
 * from the public hostname and the name, so it stays the same across restarts and replicas without a table.
 * `brief` leaves the agents out.
 */
export async function listZones(ctx: AppContext, options: { brief: boolean }): Promise<Zone[]> {
  const zone: Zone = {
    zone_id: zoneId(ctx.config.PUBLIC_HOSTNAME, ctx.config.ZONE_NAME),
    zone_name: ctx.config.ZONE_NAME,
    auto_scaling_enabled: false,
    aws_enabled: false,
  };
  if (options.brief) return [zone];
  const agents = await new AgentsRepository(ctx.knex).listWithHoldings(ctx.config.AGENT_STALE_AFTER_MS);
  return [
    {
      ...zone,
      agents: agents.map((agent) => ({
        server_id: toKasmId(agent.id),
        hostname: agent.name,
        enabled: agent.enabled,
        online: agent.online,
        cores: agent.cores,
        memory: agent.memoryMb * 1024 * 1024,
      })),
    },
  ];
}

const zoneId = (hostname: string, name: string) => createHash('sha256').update(`zone:${hostname}:${name}`).digest('hex').slice(0, 32);
