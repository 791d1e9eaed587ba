/**
 * The floor of the stream figures: the code strip read straight from the workspace's VNC socket by a viewer that
 * asks for nothing but the strip, in raw pixels, back to back. What it sees is what Xvnc has to offer (every
 * frame the workspace drew that reached the X server, and how old it is there); no encoder, relay or browser is
 * in the way. The same rule as the receiving page: sync blocks and checksum, a new frame number counts once.
 */
import { connect } from 'node:net';
import { RfbViewer } from '@atrium/testing';
import type { Sampled } from './receiver';
import { decodeStrip, STRIP } from './source-pages';

export async function stripFloor(socket: string, password: string, seconds: number): Promise<Sampled> {
  const viewer = new RfbViewer(connect(socket));
  await viewer.handshake(password);
  const area = { x: 0, y: 0, width: STRIP.block * STRIP.blocks, height: STRIP.block };
  const strip = Buffer.alloc(area.width * area.height * 4);
  const sampled: Sampled = { shown: 0, firstFrame: -1, lastFrame: -1, ages: [], ticks: 0, unreadable: 0, seconds };
  viewer.requestArea(area, false);
  const started = performance.now();
  try {
    while (performance.now() - started < seconds * 1000) {
      for (const rect of await viewer.readRawRects()) {
        for (let row = 0; row < rect.height; row++) {
          if (rect.y + row >= area.height || rect.x >= area.width) continue;
          const width = Math.min(rect.width, area.width - rect.x);
          rect.pixels.copy(strip, ((rect.y + row) * area.width + rect.x) * 4, row * rect.width * 4, (row * rect.width + width) * 4);
        }
      }
      viewer.requestArea(area, true);
      sampled.ticks++;
      const code = decodeStrip((i) => {
        const at = ((STRIP.block >> 1) * area.width + i * STRIP.block + (STRIP.block >> 1)) * 4;
        return (strip[at] as number) + (strip[at + 1] as number) + (strip[at + 2] as number) > 384 ? 1 : 0;
      });
      if (!code) sampled.unreadable++;
      else if (code.frame !== sampled.lastFrame) {
        const now = Math.round(performance.timeOrigin + performance.now());
        sampled.ages.push(((now & 0xffffff) - code.stamp + 0x1000000) % 0x1000000);
        if (sampled.firstFrame < 0) sampled.firstFrame = code.frame;
        sampled.lastFrame = code.frame;
        sampled.shown++;
      }
    }
  } finally {
    viewer.close();
  }
  sampled.seconds = (performance.now() - started) / 1000;
  return sampled;
}
