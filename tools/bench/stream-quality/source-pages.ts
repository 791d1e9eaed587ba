/**
 * The pages the workspace's Chromium shows while the stream is measured. Each animation frame draws a code strip at
 * the top left of the screen: 52 blocks of 16 x 16 pixels, black or white (blocks that survive lossy encodings),
 *   [1 0] sync, 16 bits frame number, 24 bits of the wall clock in ms, 8 bits checksum, [0 1] sync
 * so the receiving page can tell which frame it shows and when that frame was drawn, on the same machine's clock.
 *   video   a 960 x 540 region playing a generated test pattern (moving colour bars, a sweeping band, a bouncing
 *           disc, the frame number in large digits): every pixel of it changes every frame, as in a video
 *   scroll  a long article (headings, paragraphs, coloured figures) scrolled by 4 px every frame, for ever
 */
export type Workload = 'video' | 'scroll';

export const STRIP = { block: 16, blocks: 52 } as const;

/** Shared by the source page (as text) and the receiver (in the browser): frame and stamp as 52 bits. */
const stripScript = `
const BLOCK = ${STRIP.block};
function stripBits(frame, stamp) {
  const bits = [1, 0];
  const push = (value, width) => { for (let i = width - 1; i >= 0; i--) bits.push((value >> i) & 1); };
  push(frame, 16);
  push(stamp, 24);
  push(((frame & 0xff) + (frame >> 8) + (stamp & 0xff) + ((stamp >> 8) & 0xff) + (stamp >> 16)) & 0xff, 8);
  bits.push(0, 1);
  return bits;
}
function drawStrip(ctx, frame, stamp) {
  stripBits(frame, stamp).forEach((bit, i) => {
    ctx.fillStyle = bit ? '#fff' : '#000';
    ctx.fillRect(i * BLOCK, 0, BLOCK, BLOCK);
  });
}`;

const videoScript = `
const video = document.getElementById('video').getContext('2d');
const W = 960, H = 540;
function drawVideo(frame) {
  const shift = (frame * 6) % W;
  for (let bar = 0; bar < 8; bar++) {
    video.fillStyle = 'hsl(' + ((bar * 45 + frame * 2) % 360) + ', 80%, 50%)';
    const x = (bar * W / 8 + shift) % W;
    video.fillRect(x, 0, W / 8, H);
    if (x + W / 8 > W) video.fillRect(x - W, 0, W / 8, H);
  }
  const band = video.createLinearGradient(0, 0, W, H);
  band.addColorStop(0, 'rgba(0,0,0,0)');
  band.addColorStop(((frame % 120) / 120), 'rgba(255,255,255,0.6)');
  band.addColorStop(1, 'rgba(0,0,0,0)');
  video.fillStyle = band;
  video.fillRect(0, 0, W, H);
  const t = frame / 60;
  video.fillStyle = '#111';
  video.beginPath();
  video.arc(W / 2 + Math.sin(t * 1.7) * 360, H / 2 + Math.cos(t * 2.3) * 200, 48, 0, 2 * Math.PI);
  video.fill();
  video.fillStyle = '#fff';
  video.font = 'bold 96px sans-serif';
  video.fillText(String(frame).padStart(5, '0'), 40, H - 40);
}`;

const WORDS = 'remote desktop stream frame pixel encoder latency browser session workspace window scroll paragraph'.split(' ');

/** A long article of generated text and figures, deterministic so every path sees the same page. */
function article(): string {
  const sections: string[] = [];
  for (let s = 0; s < 120; s++) {
    const words = Array.from({ length: 90 }, (_, w) => WORDS[(s * 7 + w * 3) % WORDS.length]).join(' ');
    const hue = (s * 37) % 360;
    sections.push(
      `<h2>Section ${s + 1}</h2><p>${words}.</p><div class="figure" style="background:linear-gradient(90deg,hsl(${hue},70%,55%),hsl(${(hue + 90) % 360},70%,40%))">figure ${s + 1}</div><p>${words.split(' ').reverse().join(' ')}.</p>`,
    );
  }
  return sections.join('\n');
}

const scrollScript = `
function scrollOn() {
  const end = document.documentElement.scrollHeight - innerHeight;
  scrollTo(0, scrollY + 4 >= end ? 0 : scrollY + 4);
}`;

/** The HTML of one workload's page. */
export function sourcePage(workload: Workload): string {
  const body = workload === 'video' ? `<canvas id="video" width="960" height="540"></canvas>` : `<main>${article()}</main>`;
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>stream ${workload}</title>
<style>
  html, body { margin: 0; background: #f4f1ea; font: 18px/1.5 serif; color: #222; }
  #strip { position: fixed; left: 0; top: 0; z-index: 1; }
  #video { position: absolute; left: 160px; top: 96px; }
  main { padding: 40px 160px; }
  .figure { height: 180px; color: #fff; font: bold 32px sans-serif; padding: 16px; }
</style></head>
<body>
<canvas id="strip" width="${STRIP.block * STRIP.blocks}" height="${STRIP.block}"></canvas>
${body}
<script>
${stripScript}
${workload === 'video' ? videoScript : scrollScript}
const strip = document.getElementById('strip').getContext('2d');
let frame = 0;
function tick() {
  frame = (frame + 1) & 0xffff;
  ${workload === 'video' ? 'drawVideo(frame);' : 'scrollOn();'}
  drawStrip(strip, frame, Math.round(performance.timeOrigin + performance.now()) & 0xffffff);
  requestAnimationFrame(tick);
}
requestAnimationFrame(tick);
</script></body></html>`;
}

/**
 * Reads a strip from `bit(i)` (block i black 0 or white 1): its frame number and stamp, or null when the sync blocks
 * or the checksum do not match (a strip half drawn, or not there). Self-contained: the receiving page runs its
 * source text (receiver.ts), the floor runs it in Node.
 */
export function decodeStrip(bit: (block: number) => number): { frame: number; stamp: number } | null {
  const read = (from: number, bits: number) => {
    let value = 0;
    for (let i = 0; i < bits; i++) value = (value << 1) | bit(from + i);
    return value;
  };
  if (bit(0) !== 1 || bit(1) !== 0 || bit(50) !== 0 || bit(51) !== 1) return null;
  const frame = read(2, 16);
  const stamp = read(18, 24);
  const expected = ((frame & 0xff) + (frame >> 8) + (stamp & 0xff) + ((stamp >> 8) & 0xff) + (stamp >> 16)) & 0xff;
  return read(42, 8) === expected ? { frame, stamp } : null;
}
