import type { AgentHeartbeat, AgentHeartbeatResponse, AgentRegistrationRequest, TransferReport } from '@atrium/contracts';
import type { Logger } from '@atrium/logging';
import { backoffDelay } from './backoff';
import { AgentUnknownError, type ControlPlaneClient } from './control-plane-client';

export interface LinkState {
  agentId?: string;
}

/**
 * Keeps this agent registered and reporting: registers (retrying with capped backoff), then sends a
 * heartbeat every interval; a rejected heartbeat means the control plane forgot us, so register again.
 */
export class ControlPlaneLink {
  readonly state: LinkState = {};
  private credentials?: { agentId: string; agentSecret: string; intervalMs: number };
  private stopped = false;
  private wake?: () => void;
  private running?: Promise<void>;

  constructor(
    private readonly client: ControlPlaneClient,
    private readonly registration: () => Promise<AgentRegistrationRequest>,
    private readonly report: () => Promise<AgentHeartbeat>,
    private readonly logger: Logger,
    private readonly backoffMaxMs: number,
    /** Acts on the control plane's answer (removing orphan containers); its failures are logged, not fatal. */
    private readonly reconcile: (answer: AgentHeartbeatResponse) => Promise<void> = async () => undefined,
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  /** Idempotent; resolves once the in-flight call (if any) has finished. */
  async close(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  /**
   * Reports a file transfer for the audit log. A transfer only runs with a token the control plane issued a
   * moment ago, so the agent is registered; a report that fails is logged with everything it would have said.
   */
  async reportTransfer(report: TransferReport): Promise<void> {
    try {
      if (!this.credentials) throw new Error('not registered');
      await this.client.reportTransfer(this.credentials.agentId, this.credentials.agentSecret, report);
    } catch (error) {
      this.logger.error({ report, reason: (error as Error).message }, 'transfer not audited by the control plane');
    }
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (!this.credentials) await this.register();
        else await this.beat();
        failures = 0;
        await this.sleep(this.credentials?.intervalMs ?? 0);
      } catch (error) {
        if (error instanceof AgentUnknownError) this.credentials = undefined;
        const delay = backoffDelay(failures++, this.backoffMaxMs);
        this.logger.warn({ err: (error as Error).message, retryInMs: delay }, 'control plane unreachable or refused');
        await this.sleep(delay);
      }
    }
  }

  private async register(): Promise<void> {
    const answer = await this.client.register(await this.registration());
    this.credentials = { agentId: answer.agentId, agentSecret: answer.agentSecret, intervalMs: answer.heartbeatIntervalMs };
    this.state.agentId = answer.agentId;
    this.logger.info({ agentId: answer.agentId }, 'registered with the control plane');
    await this.beat();
  }

  private async beat(): Promise<void> {
    const { agentId, agentSecret } = this.credentials as NonNullable<typeof this.credentials>;
    const answer = await this.client.heartbeat(agentId, agentSecret, await this.report());
    if (answer) {
      await this.reconcile(answer).catch((error: Error) => this.logger.warn({ reason: error.message }, 'reconciling with the control plane failed'));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
