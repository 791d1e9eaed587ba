import type Docker from 'dockerode';

export interface EgressNetwork {
  name: string;
  /** The bridge interface on the host, which the host firewall refuses the host and private ranges from. */
  bridge: string;
}

const ICC_OPTION = 'com.docker.network.bridge.enable_icc';
const BRIDGE_OPTION = 'com.docker.network.bridge.name';

/**
 * Makes sure the network of workspaces with internet egress exists, with inter-container communication off
 * (workspaces on it cannot reach each other). An existing network that allows it is refused: the agent
 * would rather not start than put workspaces where they see each other.
 */
export async function ensureEgressNetwork(docker: Docker, network: EgressNetwork): Promise<void> {
  const existing = await docker
    .getNetwork(network.name)
    .inspect()
    .catch((error: { statusCode?: number }) => {
      if (error.statusCode === 404) return undefined;
      throw error;
    });
  if (existing) {
    if (existing.Options?.[ICC_OPTION] !== 'false') {
      throw new Error(`network ${network.name} lets containers reach each other (${ICC_OPTION} is not false); remove it and restart the agent`);
    }
    return;
  }
  await docker.createNetwork({
    Name: network.name,
    Driver: 'bridge',
    Options: { [ICC_OPTION]: 'false', [BRIDGE_OPTION]: network.bridge },
    Labels: { 'atrium.network': 'workspace-egress' },
  });
}
