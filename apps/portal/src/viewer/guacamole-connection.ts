import { REMOTE_STREAM_PREFIX } from '@atrium/contracts';
import Guacamole from 'guacamole-common-js';
import { api } from '../api/client';
import { receiveOfferedFile, RemoteFiles } from './files/remote-files';
import { TransferChannel } from './files/transfer-channel';
import type { ScreenConnection, ScreenEvents } from './screen-connection';

/** The part of guacamole-common-js that @types/guacamole-common-js leaves out. */
interface GuacamoleAudio {
  AudioContextFactory?: { getAudioContext(): AudioContext | null };
}

/** guacamole-common-js client states, by number. */
const CONNECTED = 3;
const DISCONNECTED = 5;
/** guacd refused for good (bad credentials, security negotiation, no such host): retrying will not help. */
const isFinal = (status: Guacamole.Status) => status.code >= 0x0200 && status.code !== 0x0202 && status.code !== 0x0203;

/** What guacd takes from a microphone (RDP's audio input): 16-bit PCM, 44.1 kHz, stereo. */
const MICROPHONE_MIMETYPE = 'audio/L16;rate=44100,channels=2';

/**
 * The browser's microphone into a remote system, through guacamole-common-js's recorder (asked for only at the
 * person's switch). The connection proxy refuses it when the policy does not allow it, and ends it when the
 * switch goes off (the recorder has no stop of its own).
 */
function remoteMicrophone(client: Guacamole.Client, transfers: TransferChannel, events: ScreenEvents) {
  let stream: Guacamole.OutputStream | undefined;
  const set = (on: boolean) => {
    if (!on) {
      if (stream) transfers.cancelStream(stream.index);
      return;
    }
    if (stream) return;
    const opened = client.createAudioStream(MICROPHONE_MIMETYPE);
    const recorder = Guacamole.AudioRecorder.getInstance(opened, MICROPHONE_MIMETYPE);
    if (!recorder) {
      opened.sendEnd();
      return events.onMicrophoneStopped?.('This browser cannot record sound.');
    }
    stream = opened;
    recorder.onclose = () => {
      stream = undefined;
      events.onMicrophoneStopped?.();
    };
    recorder.onerror = () => {
      stream = undefined;
      events.onMicrophoneStopped?.('The microphone was refused: your policy does not allow it, or this system takes none (only RDP does).');
    };
  };
  return { set };
}

/**
 * A remote system through guacamole-common-js. Each (re)connection asks the control plane for the session's
 * short-lived connection token, sealed for the connection proxy. The display follows the window: guacd gets the
 * new size a moment after resizing stops.
 */
export async function openGuacamole(screen: HTMLElement, sessionId: string, events: ScreenEvents): Promise<ScreenConnection> {
  const session = await api.session(sessionId);
  const token = session.connectUrl && new URL(session.connectUrl, location.href).searchParams.get('token');
  if (!token) {
    events.onClosed(false, 'This session cannot be opened again; launch it anew.');
    return { disconnect: () => undefined, sendKeyCombo: () => undefined, sendClipboard: () => undefined, focus: () => undefined };
  }
  const tunnel = new Guacamole.WebSocketTunnel(`wss://${location.host}${REMOTE_STREAM_PREFIX}`);
  const client = new Guacamole.Client(tunnel);
  const transfers = new TransferChannel(tunnel);
  const display = client.getDisplay().getElement();
  screen.replaceChildren(display);
  let finalError: string | undefined;
  let closed = false;
  client.onstatechange = (state) => {
    if (state === CONNECTED) {
      events.onConnected();
      screen.focus();
    } else if (state === DISCONNECTED && !closed) {
      closed = true;
      events.onClosed(finalError === undefined, finalError);
    }
  };
  client.onerror = (status) => {
    // The connection proxy has already put a sentence a person can act on in the message.
    if (isFinal(status)) finalError = status.message ?? 'The remote system refused the connection.';
    events.onStatus(status.message ?? 'the remote system reported an error');
  };
  client.onclipboard = (stream, mimetype) => {
    if (!mimetype.startsWith('text/')) return;
    const reader = new Guacamole.StringReader(stream);
    let text = '';
    reader.ontext = (chunk) => (text += chunk);
    reader.onend = () => events.onClipboard(text);
  };
  client.onfilesystem = (object) => events.onFiles?.(new RemoteFiles(object, transfers));
  // A file the remote system offers on its own (put in the RDP drive's Download folder): saved like a download.
  client.onfile = (stream, mimetype, filename) => receiveOfferedFile(stream, mimetype, filename, transfers);
  // An RDP system's sound (guacd sends it when the policy allows) plays through guacamole-common-js's own
  // AudioContext, which browsers keep suspended until a person's gesture: resume it at the first one.
  const resumeSound = () => (Guacamole as unknown as GuacamoleAudio).AudioContextFactory?.getAudioContext()?.resume();
  screen.addEventListener('pointerdown', resumeSound, { once: true });
  screen.addEventListener('keydown', resumeSound, { once: true });
  client.connect(`token=${encodeURIComponent(token)}&width=${screen.clientWidth}&height=${screen.clientHeight}&dpi=96`);

  const mouse = new Guacamole.Mouse(display);
  mouse.onEach(['mousedown', 'mouseup', 'mousemove'], (event) => client.sendMouseState((event as Guacamole.Mouse.Event).state, true));
  const keyboard = new Guacamole.Keyboard(screen);
  keyboard.onkeydown = (keysym) => {
    client.sendKeyEvent(1, keysym);
    return true;
  };
  keyboard.onkeyup = (keysym) => client.sendKeyEvent(0, keysym);

  // guacd 1.3 may announce a rejoined RDP display's size before this client is attached, and then never again
  // (the display stays 0x0): asking for a size a pixel off and then the real one makes it announce one.
  let sizeAttempts = 0;
  const askForSize = setInterval(() => {
    if (client.getDisplay().getWidth() > 0 || sizeAttempts >= 5) return clearInterval(askForSize);
    sizeAttempts += 1;
    client.sendSize(screen.clientWidth, screen.clientHeight - 1);
    setTimeout(() => client.sendSize(screen.clientWidth, screen.clientHeight), 300);
  }, 1000);
  let resizing: ReturnType<typeof setTimeout> | undefined;
  const followWindow = () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => client.sendSize(screen.clientWidth, screen.clientHeight), 200);
  };
  window.addEventListener('resize', followWindow);

  const microphone = remoteMicrophone(client, transfers, events);
  return {
    setMicrophone: microphone.set,
    disconnect: () => {
      closed = true;
      microphone.set(false);
      clearInterval(askForSize);
      clearTimeout(resizing);
      window.removeEventListener('resize', followWindow);
      keyboard.onkeydown = null;
      keyboard.onkeyup = null;
      client.disconnect();
    },
    sendKeyCombo: (keysyms) => {
      for (const keysym of keysyms) client.sendKeyEvent(1, keysym);
      for (const keysym of [...keysyms].reverse()) client.sendKeyEvent(0, keysym);
    },
    sendClipboard: (text) => {
      const writer = new Guacamole.StringWriter(client.createClipboardStream('text/plain'));
      writer.sendText(text);
      writer.sendEnd();
    },
    focus: () => screen.focus(),
  };
}
