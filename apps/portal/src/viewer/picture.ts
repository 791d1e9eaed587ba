/**
 * How a container desktop's picture is encoded while it moves, chosen per connection in the viewer's bar and kept
 * in this browser. Xvnc (TigerVNC) sends areas with many colours as JPEG at the quality level the viewer asks for,
 * areas with few colours losslessly, and sends a lossless copy of any lossy area once it stops changing: so the
 * level only decides how a moving picture looks, never what a still screen ends up as.
 *
 * Balanced is what `npm run bench:stream-quality` measured best on video and scrolling against noVNC's own default
 * (quality 6, compression 2): more frames shown, less latency and fewer bytes (README, "Measured").
 */
export type Picture = 'sharp' | 'balanced' | 'lean';

export interface PictureLevels {
  label: string;
  description: string;
  /** noVNC's qualityLevel (0-9): the JPEG quality and chroma subsampling Xvnc uses for moving areas. */
  quality: number;
  /** noVNC's compressionLevel (0-9): the zlib effort Xvnc spends on lossless areas. */
  compression: number;
}

export const PICTURES: Record<Picture, PictureLevels> = {
  sharp: { label: 'Sharp', description: 'Moving pictures at high JPEG quality, full colour detail: more bandwidth.', quality: 8, compression: 2 },
  balanced: { label: 'Balanced', description: 'The smoothest motion on a fast network (measured).', quality: 4, compression: 1 },
  lean: { label: 'Low bandwidth', description: 'Coarser moving pictures and more compression, for slow connections.', quality: 1, compression: 6 },
};

export const DEFAULT_PICTURE: Picture = 'balanced';
const STORAGE_KEY = 'atrium.viewer.picture';

const isPicture = (value: unknown): value is Picture => typeof value === 'string' && Object.hasOwn(PICTURES, value);

/** The picture this browser chose last (an unknown or missing value is the default). */
export function savedPicture(storage: Pick<Storage, 'getItem'> = localStorage): Picture {
  const saved = storage.getItem(STORAGE_KEY);
  return isPicture(saved) ? saved : DEFAULT_PICTURE;
}

export function savePicture(picture: Picture, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(STORAGE_KEY, picture);
}
