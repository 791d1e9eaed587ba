import { Badge, Button, Group, Paper, Popover, Radio, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ConfirmButton } from '../components/ConfirmButton';
import { CTRL_ALT_DEL, CTRL_ESC } from './screen-connection';
import { RemoteSoundPanel, SoundPanel, type RemoteMicrophone } from './audio/SoundPanel';
import type { SessionSound } from './audio/use-session-audio';
import { FilesPanel } from './files/FilesPanel';
import type { RemoteFiles } from './files/remote-files';
import { RemoteFilesPanel } from './files/RemoteFilesPanel';
import type { useUploads } from './files/use-uploads';
import { PICTURES, type Picture } from './picture';
import { SharePanel } from './SharePanel';
import { showsClipboard, showsFiles, type ViewerControls } from './viewer-controls';

interface ControlBarProps {
  sessionId: string;
  kind: 'container' | 'remote';
  controls: ViewerControls;
  latencyMs: number | undefined;
  remoteClipboard: string;
  /** How the container desktop's moving picture is encoded (container sessions). */
  picture: Picture;
  onPicture(picture: Picture): void;
  uploads: ReturnType<typeof useUploads>;
  sound: SessionSound;
  /** The microphone into a remote system (container sessions: `sound`). */
  remoteMicrophone: RemoteMicrophone;
  /** A remote system's files, once it offers them; container sessions use the agent's ~/Uploads and ~/Downloads. */
  remoteFiles?: RemoteFiles;
  onKeys(keysyms: number[]): void;
  onSendClipboard(text: string): void;
  onReconnect(): void;
  onLeave(): void;
  onEnd(): void;
}

/** How long the bar stays after the pointer leaves it. */
const HIDE_AFTER_MS = 2500;

function ClipboardPanel({ controls, remoteClipboard, onSend }: { controls: ViewerControls; remoteClipboard: string; onSend(text: string): void }) {
  const [text, setText] = useState('');
  useEffect(() => {
    if (controls.clipboardDown && remoteClipboard) setText(remoteClipboard);
  }, [controls.clipboardDown, remoteClipboard]);
  return (
    <Stack gap="xs" w={320}>
      <Text size="sm">
        {controls.clipboardDown ? 'Text copied in the session appears here. ' : ''}
        {controls.clipboardUp ? 'Put text here and send it to paste it in the session.' : 'Your policy does not allow pasting into the session.'}
      </Text>
      <Textarea
        aria-label="Clipboard"
        autosize
        minRows={3}
        maxRows={8}
        value={text}
        readOnly={!controls.clipboardUp}
        onChange={(event) => setText(event.currentTarget.value)}
      />
      {controls.clipboardUp && (
        <Button size="xs" onClick={() => onSend(text)} disabled={!text}>
          Send to session
        </Button>
      )}
    </Stack>
  );
}

function PicturePanel({ picture, onPicture }: { picture: Picture; onPicture(picture: Picture): void }) {
  return (
    <Radio.Group
      label="Picture while it moves"
      description="A still screen always ends up exact."
      value={picture}
      onChange={(value) => onPicture(value as Picture)}
    >
      <Stack gap="xs" mt="xs" w={300}>
        {(Object.keys(PICTURES) as Picture[]).map((key) => (
          <Radio key={key} value={key} label={PICTURES[key].label} description={PICTURES[key].description} />
        ))}
      </Stack>
    </Radio.Group>
  );
}

/** A bar button that opens a panel hanging from it. */
function BarPanel({ label, events, children }: { label: string; events: { onOpen(): void; onClose(): void }; children: ReactNode }) {
  return (
    <Popover position="bottom" withArrow shadow="md" trapFocus {...events}>
      <Popover.Target>
        <Button size="compact-sm" variant="default">
          {label}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>{children}</Popover.Dropdown>
    </Popover>
  );
}

/**
 * The viewer's controls, in a bar at the top that hides itself after a moment and comes back when the pointer
 * touches the top edge or the keyboard reaches it. Only the controls the policy allows appear.
 */
export function ControlBar(props: ControlBarProps) {
  const { controls, latencyMs } = props;
  const [hidden, setHidden] = useState(false);
  const hideTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // While a panel (clipboard, share) is open the bar stays: its panel hangs from it.
  const panelOpen = useRef(false);
  const show = () => {
    clearTimeout(hideTimer.current);
    setHidden(false);
  };
  const hideSoon = () => {
    clearTimeout(hideTimer.current);
    if (!panelOpen.current) hideTimer.current = setTimeout(() => setHidden(true), HIDE_AFTER_MS);
  };
  const panelEvents = {
    onOpen: () => {
      panelOpen.current = true;
      show();
    },
    onClose: () => {
      panelOpen.current = false;
      hideSoon();
    },
  };
  useEffect(() => {
    hideSoon();
    return () => clearTimeout(hideTimer.current);
  }, []);

  const fullscreen = () => (document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen()).catch(() => undefined);

  return (
    <Paper
      className="viewer-bar"
      data-hidden={hidden}
      shadow="md"
      p={6}
      radius="0 0 8px 8px"
      role="toolbar"
      aria-label="Session controls"
      onPointerEnter={show}
      onPointerLeave={hideSoon}
      onFocus={show}
      onBlur={hideSoon}
    >
      <Group gap={6} wrap="wrap" justify="center">
        <Button size="compact-sm" variant="default" onClick={fullscreen}>
          Fullscreen
        </Button>
        {showsClipboard(controls) && (
          <BarPanel label="Clipboard" events={panelEvents}>
            <ClipboardPanel controls={controls} remoteClipboard={props.remoteClipboard} onSend={props.onSendClipboard} />
          </BarPanel>
        )}
        {controls.sound && (
          <BarPanel label="Sound" events={panelEvents}>
            {props.kind === 'container' ? (
              <SoundPanel sound={props.sound} microphoneAllowed={controls.microphone} />
            ) : (
              <RemoteSoundPanel microphoneAllowed={controls.microphone} microphone={props.remoteMicrophone} />
            )}
          </BarPanel>
        )}
        {props.remoteFiles && showsFiles(controls) && (
          <BarPanel label="Files" events={panelEvents}>
            <RemoteFilesPanel files={props.remoteFiles} canUpload={controls.upload} canDownload={controls.download} />
          </BarPanel>
        )}
        {!props.remoteFiles && props.kind === 'container' && showsFiles(controls) && (
          <BarPanel label="Files" events={panelEvents}>
            <FilesPanel
              sessionId={props.sessionId}
              canUpload={controls.upload}
              canDownload={controls.download}
              uploads={props.uploads.uploads}
              onUpload={props.uploads.send}
              onCancel={props.uploads.cancel}
              onClearFinished={props.uploads.clearFinished}
            />
          </BarPanel>
        )}
        {props.kind === 'container' && (
          <BarPanel label="Picture" events={panelEvents}>
            <PicturePanel picture={props.picture} onPicture={props.onPicture} />
          </BarPanel>
        )}
        {controls.share && (
          <BarPanel label="Share" events={panelEvents}>
            <SharePanel sessionId={props.sessionId} />
          </BarPanel>
        )}
        {controls.keys && (
          <>
            <Button size="compact-sm" variant="default" onClick={() => props.onKeys(CTRL_ALT_DEL)}>
              Ctrl+Alt+Del
            </Button>
            <Button size="compact-sm" variant="default" onClick={() => props.onKeys(CTRL_ESC)}>
              Ctrl+Esc
            </Button>
          </>
        )}
        <Tooltip label="Round trip to the control plane">
          <Badge variant="light" color={latencyMs === undefined ? 'gray' : latencyMs < 150 ? 'teal' : 'yellow'} data-testid="latency">
            {latencyMs === undefined ? 'latency –' : `latency ${latencyMs} ms`}
          </Badge>
        </Tooltip>
        <Button size="compact-sm" variant="default" onClick={props.onReconnect}>
          Reconnect
        </Button>
        <Button size="compact-sm" variant="default" onClick={props.onLeave}>
          Leave
        </Button>
        {controls.end && (
          <ConfirmButton
            size="compact-sm"
            variant="filled"
            color="red"
            id="end"
            title="End this session?"
            consequence="Its desktop, and everything in it not saved elsewhere, is thrown away."
            confirmLabel="End session"
            onConfirm={props.onEnd}
          >
            End session
          </ConfirmButton>
        )}
      </Group>
    </Paper>
  );
}
