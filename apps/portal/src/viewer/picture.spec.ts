import { DEFAULT_PICTURE, PICTURES, savedPicture, savePicture } from './picture';

const memoryStorage = () => {
  const values = new Map<string, string>();
  return { getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value) };
};

describe('the viewer picture', () => {
  it('is the default until the person chooses, then what they chose', () => {
    const storage = memoryStorage();
    expect(savedPicture(storage)).toBe(DEFAULT_PICTURE);
    savePicture('lean', storage);
    expect(savedPicture(storage)).toBe('lean');
  });

  it('falls back to the default for a value it does not know (an older or edited setting)', () => {
    const storage = memoryStorage();
    storage.setItem('atrium.viewer.picture', 'ultra');
    expect(savedPicture(storage)).toBe(DEFAULT_PICTURE);
    storage.setItem('atrium.viewer.picture', 'toString');
    expect(savedPicture(storage)).toBe(DEFAULT_PICTURE);
  });

  it('asks for levels noVNC accepts, sharper levels for Sharp and leaner for Low bandwidth', () => {
    for (const levels of Object.values(PICTURES)) {
      for (const level of [levels.quality, levels.compression]) expect(Number.isInteger(level) && level >= 0 && level <= 9).toBe(true);
    }
    expect(PICTURES.sharp.quality).toBeGreaterThan(PICTURES.balanced.quality);
    expect(PICTURES.lean.quality).toBeLessThan(PICTURES.balanced.quality);
    expect(PICTURES.lean.compression).toBeGreaterThan(PICTURES.balanced.compression);
  });
});
