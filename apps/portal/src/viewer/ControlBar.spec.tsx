import { MantineProvider } from '@mantine/core';
import { renderToStaticMarkup } from 'react-dom/server';
import { allowingPolicy } from './allowing-policy.fixture';
import { ControlBar } from './ControlBar';
import { viewerControls, type ViewerControls } from './viewer-controls';

/** The bar as the server would render it: which controls a person is offered. */
function barFor(controls: ViewerControls, latencyMs?: number, kind: 'container' | 'remote' = 'container'): string {
  const noop = () => undefined;
  return renderToStaticMarkup(
    <MantineProvider>
      <ControlBar
        sessionId="0b9c6a7e-1111-4a4a-8a8a-123456789abc"
        kind={kind}
        controls={controls}
        latencyMs={latencyMs}
        remoteClipboard=""
        picture="balanced"
        onPicture={noop}
        uploads={{ uploads: [], send: noop, cancel: noop, clearFinished: noop }}
        sound={{
          state: 'off',
          sentence: undefined,
          microphone: false,
          preferences: { on: true, volume: 1 },
          setOn: noop,
          setVolume: noop,
          setMicrophone: noop,
        }}
        remoteMicrophone={{ on: false, set: noop }}
        onKeys={noop}
        onSendClipboard={noop}
        onReconnect={noop}
        onLeave={noop}
        onEnd={noop}
      />
    </MantineProvider>,
  );
}

const policy = allowingPolicy;

describe('ControlBar', () => {
  it('should offer the owner the clipboard, the special keys and the end button when the policy allows them', () => {
    const bar = barFor(viewerControls(policy({}), 'owner'), 12);
    for (const label of [
      'Fullscreen',
      'Picture',
      'Clipboard',
      'Sound',
      'Files',
      'Share',
      'Ctrl+Alt+Del',
      'Ctrl+Esc',
      'Reconnect',
      'Leave',
      'End session',
      'latency 12 ms',
    ]) {
      expect(bar).toContain(label);
    }
  });

  it('should leave out what the policy forbids', () => {
    const bar = barFor(
      viewerControls(
        policy({
          allow_kasm_clipboard_up: false,
          allow_kasm_clipboard_down: false,
          allow_kasm_delete: false,
          allow_kasm_sharing: false,
          allow_kasm_uploads: false,
          allow_kasm_downloads: false,
          allow_kasm_audio: false,
        }),
        'owner',
      ),
    );
    expect(bar).not.toContain('Sound');
    expect(bar).not.toContain('Clipboard');
    expect(bar).not.toContain('Files');
    expect(bar).not.toContain('Share');
    expect(bar).not.toContain('End session');
    expect(bar).toContain('Ctrl+Alt+Del');
  });

  it('should give a share viewer only what watching needs', () => {
    const bar = barFor(viewerControls(policy({}), 'share-viewer'));
    for (const label of ['Clipboard', 'Files', 'Share', 'Ctrl+Alt+Del', 'End session']) expect(bar).not.toContain(label);
    expect(bar).toContain('Leave');
    expect(bar).toContain('latency –');
  });

  it('should offer the picture choice for container desktops only: guacd encodes a remote system its own way', () => {
    expect(barFor(viewerControls(policy({}), 'owner'))).toContain('Picture');
    expect(barFor(viewerControls(policy({}), 'owner', 'remote'), undefined, 'remote')).not.toContain('Picture');
  });
});
