import { Slider, Stack, Switch, Text } from '@mantine/core';
import type { SessionSound } from './use-session-audio';

const STATE_WORDS = { off: 'Sound is off.', connecting: 'Connecting the sound…', playing: 'Playing the session’s sound.', unavailable: 'No sound.' };

/** The bar's sound controls: on/off, volume, and the microphone when the policy allows it. */
export function SoundPanel({ sound, microphoneAllowed }: { sound: SessionSound; microphoneAllowed: boolean }) {
  return (
    <Stack gap="sm" w={280}>
      <Switch label="Sound" checked={sound.preferences.on && sound.state !== 'off'} onChange={(event) => sound.setOn(event.currentTarget.checked)} />
      <Stack gap={4}>
        <Text size="xs" c="dimmed" id="volume-label">
          Volume
        </Text>
        <Slider
          aria-labelledby="volume-label"
          min={0}
          max={1}
          step={0.05}
          value={sound.preferences.volume}
          onChange={sound.setVolume}
          label={(value) => `${Math.round(value * 100)}%`}
        />
      </Stack>
      {microphoneAllowed && (
        <Switch
          label="Microphone"
          description="Sends your microphone into the session while on."
          checked={sound.microphone}
          disabled={sound.state !== 'playing'}
          onChange={(event) => sound.setMicrophone(event.currentTarget.checked)}
        />
      )}
      <Text size="sm" data-testid="sound-state" data-state={sound.state}>
        {sound.sentence ?? STATE_WORDS[sound.state]}
      </Text>
    </Stack>
  );
}

/** The microphone into a remote system: on or off, and why it stopped. */
export interface RemoteMicrophone {
  on: boolean;
  note?: string;
  set(on: boolean): void;
}

/** A remote system's sound: what each protocol carries, said plainly, and the microphone where the policy allows it. */
export function RemoteSoundPanel({ microphoneAllowed, microphone }: { microphoneAllowed: boolean; microphone: RemoteMicrophone }) {
  return (
    <Stack gap="sm" w={280}>
      <Text size="sm">An RDP system&apos;s sound plays here, once you have clicked in the viewer, when the system sends any. SSH and VNC carry no sound.</Text>
      {microphoneAllowed && (
        <Switch
          label="Microphone"
          description="Sends your microphone to an RDP system while on."
          checked={microphone.on}
          onChange={(event) => microphone.set(event.currentTarget.checked)}
        />
      )}
      {microphone.note && (
        <Text size="sm" c="dimmed" data-testid="microphone-note">
          {microphone.note}
        </Text>
      )}
    </Stack>
  );
}
