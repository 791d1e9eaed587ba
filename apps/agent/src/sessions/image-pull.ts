import type { Logger } from '@atrium/logging';
import type Docker from 'dockerode';

/** How long a pull of a missing image may take before the launch fails (the control plane waits 60 s). */
const PULL_TIMEOUT_MS = 45_000;

/**
 * Creates the container; when its image is not on this Docker engine, pulls it once (where a registry is
 * reachable) and tries again. A failure says which image and why, in words the launcher can show.
 */
export async function createPullingIfMissing(docker: Docker, spec: Docker.ContainerCreateOptions, logger: Logger): Promise<Docker.Container> {
  try {
    return await docker.createContainer(spec);
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404 || !spec.Image) throw error;
  }
  logger.info({ image: spec.Image }, 'workspace image not on this host; pulling it');
  try {
    await pull(docker, spec.Image);
  } catch (error) {
    throw new Error(`The image ${spec.Image} is not on this agent's host and could not be pulled (${(error as Error).message}).`);
  }
  return docker.createContainer(spec);
}

function pull(docker: Docker, image: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${PULL_TIMEOUT_MS / 1000} s`)), PULL_TIMEOUT_MS);
    docker.pull(image, (error: Error | null, stream: NodeJS.ReadableStream) => {
      if (error) return reject(error);
      docker.modem.followProgress(stream, (failure: Error | null) => {
        clearTimeout(timer);
        if (failure) reject(failure);
        else resolve();
      });
    });
  });
}
