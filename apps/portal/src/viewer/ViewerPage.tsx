import { Badge, Button, Center, Group, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { sentenceOf } from '../api/api-error';
import { api } from '../api/client';
import { ControlBar } from './ControlBar';
import { useSessionAudio } from './audio/use-session-audio';
import type { RemoteFiles } from './files/remote-files';
import { useUploads } from './files/use-uploads';
import { openGuacamole } from './guacamole-connection';
import { openNoVnc } from './novnc-connection';
import { savedPicture, savePicture, type Picture } from './picture';
import { nextStepAfterDrop } from './reconnect';
import type { ScreenConnection, ScreenEvents } from './screen-connection';
import { sessionAfterDrop } from './session-after-drop';
import { useKeepalive } from './use-keepalive';
import { viewerControls } from './viewer-controls';

/** Why the viewer shows no desktop any more, and whether reconnecting may help. */
interface Closed {
  sentence: string;
  canReconnect: boolean;
}

/**
 * The whole-window viewer of one session: noVNC for a container desktop, guacamole-common-js for a remote
 * system. It keeps the owner's session alive, reopens a dropped stream with backoff while the session runs,
 * and says why when it cannot. `?share=` joins someone else's shared session as a viewer first.
 */
export function ViewerPage({ kind }: { kind: 'container' | 'remote' }) {
  const { sessionId = '' } = useParams();
  const [params] = useSearchParams();
  const shareId = params.get('share');
  const navigate = useNavigate();
  const screenRef = useRef<HTMLDivElement>(null);
  const connection = useRef<ScreenConnection>(undefined);
  const [status, setStatus] = useState('connecting…');
  const [closed, setClosed] = useState<Closed>();
  const [remoteClipboard, setRemoteClipboard] = useState('');
  const [attempt, setAttempt] = useState(0);
  const policy = useQuery({ queryKey: ['my-policy'], queryFn: api.myPolicy, staleTime: 60_000 });
  const join = useQuery({
    queryKey: ['share', shareId],
    queryFn: () => api.joinShare(shareId as string),
    enabled: shareId !== null,
    retry: false,
    staleTime: Infinity,
  });
  const controls = viewerControls(policy.data?.policy, shareId ? 'share-viewer' : 'owner', kind);
  const uploads = useUploads(sessionId);
  const [dropping, setDropping] = useState(false);
  const [remoteFiles, setRemoteFiles] = useState<RemoteFiles>();
  const [remoteMicrophone, setRemoteMicrophone] = useState<{ on: boolean; note?: string }>({ on: false });
  const [picture, setPicture] = useState<Picture>(savedPicture);
  // The connection opens with the picture chosen then; later choices go to it directly (choosePicture).
  const pictureAtOpen = useRef(picture);
  pictureAtOpen.current = picture;
  const ready = shareId === null || join.isSuccess;
  const sound = useSessionAudio(sessionId, kind === 'container' && controls.sound && ready && closed === undefined);

  useEffect(() => {
    if (join.isError) setClosed({ sentence: sentenceOf(join.error), canReconnect: false });
  }, [join.isError, join.error]);

  useEffect(() => {
    const screen = screenRef.current;
    if (!ready || !screen || closed) return;
    let leaving = false;
    let failures = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const afterDrop = async () => {
      const next = nextStepAfterDrop(await sessionAfterDrop(sessionId, shareId), failures++);
      if (leaving) return;
      setStatus(next.status);
      if ('ended' in next) setClosed({ sentence: next.ended, canReconnect: false });
      else if ('recheckInMs' in next) retry = setTimeout(afterDrop, next.recheckInMs);
      else retry = setTimeout(open, next.reconnectInMs);
    };
    const events: ScreenEvents = {
      onConnected: () => {
        failures = 0;
        setStatus('connected');
      },
      onStatus: setStatus,
      onClipboard: setRemoteClipboard,
      onFiles: setRemoteFiles,
      onMicrophoneStopped: (note) => setRemoteMicrophone({ on: false, ...(note && { note }) }),
      onClosed: (canRetry, reason) => {
        if (leaving) return;
        if (canRetry) return void afterDrop();
        setStatus('disconnected');
        setClosed({ sentence: reason ?? 'The remote system refused the connection.', canReconnect: true });
      },
    };
    const open = async () => {
      if (leaving) return;
      setRemoteFiles(undefined);
      setRemoteMicrophone({ on: false });
      try {
        connection.current = kind === 'remote' ? await openGuacamole(screen, sessionId, events) : openNoVnc(screen, sessionId, events, pictureAtOpen.current);
      } catch {
        events.onClosed(true);
      }
    };
    setStatus('connecting…');
    void open();
    return () => {
      leaving = true;
      clearTimeout(retry);
      connection.current?.disconnect();
      connection.current = undefined;
    };
    // `closed` stops the stream; clearing it (Reconnect) starts a new one through `attempt`.
  }, [ready, sessionId, shareId, kind, attempt, closed]);

  const onIdle = useCallback(() => {
    const minutes = policy.data?.policy.idle_disconnect ?? 0;
    setStatus(`disconnected after ${minutes} minutes without input`);
    setClosed({ sentence: `You were away for more than ${minutes} minutes, so the viewer disconnected.`, canReconnect: true });
  }, [policy.data]);
  const latencyMs = useKeepalive(sessionId, policy.data?.policy, screenRef, onIdle, shareId === null && closed === undefined);

  const choosePicture = (chosen: Picture) => {
    setPicture(chosen);
    savePicture(chosen);
    connection.current?.setPicture?.(chosen);
  };

  const reconnect = () => {
    setClosed(undefined);
    setAttempt((count) => count + 1);
  };
  const leave = () => navigate(shareId ? '/' : '/sessions');
  const end = async () => {
    setStatus('ending…');
    connection.current?.disconnect();
    try {
      await api.endSession(sessionId);
    } catch (error) {
      notifications.show({ color: 'red', title: 'Could not end the session', message: sentenceOf(error) });
    }
    navigate('/');
  };

  // Files dropped anywhere on the viewer upload into ~/Uploads (when the policy allows).
  const dropEvents =
    controls.upload && kind === 'container'
      ? {
          onDragOver: (event: React.DragEvent) => {
            if (!event.dataTransfer.types.includes('Files')) return;
            event.preventDefault();
            setDropping(true);
          },
          onDragLeave: () => setDropping(false),
          onDrop: (event: React.DragEvent) => {
            event.preventDefault();
            setDropping(false);
            uploads.send([...event.dataTransfer.files]);
            notifications.show({ title: 'Uploading', message: 'Open Files in the bar to follow the upload.' });
          },
        }
      : {};

  return (
    <div className="viewer" {...dropEvents} data-dropping={dropping}>
      <div id="screen" className="viewer-screen" ref={screenRef} tabIndex={0} aria-label="Remote desktop" />
      <ControlBar
        sessionId={sessionId}
        kind={kind}
        remoteFiles={remoteFiles}
        controls={controls}
        latencyMs={latencyMs}
        remoteClipboard={remoteClipboard}
        picture={picture}
        onPicture={choosePicture}
        uploads={uploads}
        sound={sound}
        remoteMicrophone={{
          ...remoteMicrophone,
          set: (on) => {
            setRemoteMicrophone({ on });
            connection.current?.setMicrophone?.(on);
          },
        }}
        onKeys={(keysyms) => {
          connection.current?.sendKeyCombo(keysyms);
          connection.current?.focus();
        }}
        onSendClipboard={(text) => {
          connection.current?.sendClipboard(text);
          connection.current?.focus();
        }}
        onReconnect={reconnect}
        onLeave={leave}
        onEnd={end}
      />
      {status === 'connected' ? (
        <VisuallyHidden id="status" role="status">
          {status}
        </VisuallyHidden>
      ) : (
        <Badge id="status" role="status" className="viewer-status" size="lg" variant="filled" color={closed ? 'red' : 'dark'}>
          {status}
        </Badge>
      )}
      {closed && (
        <Center className="viewer" style={{ background: 'rgba(26, 27, 30, 0.85)', zIndex: 20 }}>
          <Paper p="xl" maw={440} m="md" role="alertdialog" aria-labelledby="closed-title">
            <Stack>
              <Title order={2} size="h3" id="closed-title">
                Not connected
              </Title>
              <Text>{closed.sentence}</Text>
              <Group justify="flex-end">
                <Button variant="default" onClick={() => navigate('/')}>
                  Launcher
                </Button>
                {!shareId && (
                  <Button variant="default" onClick={() => navigate('/sessions')}>
                    My sessions
                  </Button>
                )}
                {closed.canReconnect && <Button onClick={reconnect}>Reconnect</Button>}
              </Group>
            </Stack>
          </Paper>
        </Center>
      )}
    </div>
  );
}
