import { useEffect, useRef, useState } from 'react';
import { SessionAudio, type SoundState } from './session-audio';

const PREFERENCES_KEY = 'atrium.sound';

interface SoundPreferences {
  on: boolean;
  volume: number;
}

function savedPreferences(): SoundPreferences {
  try {
    const saved = JSON.parse(localStorage.getItem(PREFERENCES_KEY) ?? '{}') as Partial<SoundPreferences>;
    return { on: saved.on ?? true, volume: typeof saved.volume === 'number' ? Math.min(1, Math.max(0, saved.volume)) : 0.8 };
  } catch {
    return { on: true, volume: 0.8 };
  }
}

/**
 * A viewer's sound: with sound on (the default, remembered in this browser), it starts at the person's first click
 * or key press in the page, which is what browsers require before playing anything; the bar's switch turns it on
 * and off, the slider sets the volume, and the microphone starts only from its own switch.
 */
export function useSessionAudio(sessionId: string, enabled: boolean) {
  const [state, setState] = useState<SoundState>('off');
  const [sentence, setSentence] = useState<string>();
  const [microphone, setMicrophone] = useState(false);
  const [preferences, setPreferences] = useState(savedPreferences);
  const audio = useRef<SessionAudio>(undefined);
  const latest = useRef(preferences);
  latest.current = preferences;

  useEffect(() => {
    if (!enabled) return;
    const session = new SessionAudio(sessionId, {
      onState: (next, why) => {
        setState(next);
        setSentence(why);
      },
      onMicrophone: (on, why) => {
        setMicrophone(on);
        if (why) setSentence(why);
      },
    });
    audio.current = session;
    let tried = false;
    const firstGesture = () => {
      if (tried || !latest.current.on) return;
      tried = true;
      void session.start(latest.current.volume);
    };
    window.addEventListener('pointerdown', firstGesture, true);
    window.addEventListener('keydown', firstGesture, true);
    return () => {
      window.removeEventListener('pointerdown', firstGesture, true);
      window.removeEventListener('keydown', firstGesture, true);
      session.close();
      audio.current = undefined;
    };
  }, [sessionId, enabled]);

  const remember = (next: SoundPreferences) => {
    setPreferences(next);
    localStorage.setItem(PREFERENCES_KEY, JSON.stringify(next));
  };

  return {
    state,
    sentence,
    microphone,
    preferences,
    /** From the person's click: sound on (starts playing) or off (closes the stream). */
    setOn(on: boolean) {
      remember({ ...latest.current, on });
      if (on) void audio.current?.start(latest.current.volume);
      else audio.current?.close();
    },
    setVolume(volume: number) {
      remember({ ...latest.current, volume });
      audio.current?.setVolume(volume);
    },
    setMicrophone(on: boolean) {
      void audio.current?.microphone(on);
    },
  };
}

export type SessionSound = ReturnType<typeof useSessionAudio>;
