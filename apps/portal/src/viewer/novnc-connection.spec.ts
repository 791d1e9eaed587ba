import { openNoVnc } from './novnc-connection';
import { PICTURES } from './picture';

/** noVNC's RFB as far as the viewer touches it: the levels it was given, in order (a unit test's stand-in). */
const levelsSet: { quality?: number; compression?: number }[] = [];
jest.mock('@novnc/novnc', () => ({
  __esModule: true,
  default: class {
    set qualityLevel(level: number) {
      levelsSet.push({ quality: level });
    }
    set compressionLevel(level: number) {
      levelsSet.push({ compression: level });
    }
    addEventListener() {
      return undefined;
    }
  },
}));

describe('a container desktop through noVNC', () => {
  beforeAll(() => {
    (globalThis as { location?: unknown }).location = { host: 'atrium.example' };
  });
  beforeEach(() => (levelsSet.length = 0));

  const events = { onConnected: jest.fn(), onClosed: jest.fn(), onClipboard: jest.fn(), onStatus: jest.fn() };

  it('asks for the chosen picture before the first update, and for a new one when it is changed', () => {
    const connection = openNoVnc({} as HTMLElement, '0b9c6a7e-1111-4a4a-8a8a-123456789abc', events, 'balanced');
    expect(levelsSet).toEqual([{ quality: PICTURES.balanced.quality }, { compression: PICTURES.balanced.compression }]);
    connection.setPicture?.('lean');
    expect(levelsSet.slice(2)).toEqual([{ quality: PICTURES.lean.quality }, { compression: PICTURES.lean.compression }]);
  });
});
