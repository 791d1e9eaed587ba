import type Docker from 'dockerode';
import { WORKSPACE_HOME, WORKSPACE_UID } from './workspace-container-spec';

/**
 * Starts `command` inside a workspace as the workspace user (never root, never privileged), in its home, with
 * stdout and stderr attached (Docker's multiplexed stream) and stdin when asked: how the agent moves files and sound
 * without opening anything of the workspace to itself.
 */
export async function startWorkspaceExec(container: Docker.Container, command: string[], stdin: boolean) {
  const exec = await container.exec({
    Cmd: command,
    User: `${WORKSPACE_UID}:${WORKSPACE_UID}`,
    WorkingDir: WORKSPACE_HOME,
    Privileged: false,
    AttachStdin: stdin,
    AttachStdout: true,
    AttachStderr: true,
  });
  return { exec, stream: await exec.start({ hijack: true, stdin }) };
}
