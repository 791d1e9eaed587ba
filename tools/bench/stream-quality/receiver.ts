/**
 * What runs in the receiving page (installed before the viewer's own scripts with `addInitScript`):
 *   - a sampler that, on every animation frame the page shows, reads the code strip (source-pages.ts) from the
 *     viewer's screen canvas (the largest canvas under #screen: noVNC's, or Guacamole's default layer; both hold the
 *     remote screen at its own resolution), and records each new frame number with its age (the page's clock minus
 *     the stamp drawn in the workspace, both the host's clock);
 *   - a typing probe: the time from a key's keydown in the page to the first draw on the screen canvas after it
 *     (noVNC flips its back buffer onto the canvas, Guacamole draws on its layer; nothing else draws on an idle
 *     terminal), i.e. the echo as the page shows it.
 */
import { decodeStrip, STRIP } from './source-pages';

export interface Sampled {
  /** Distinct frames the page showed. */
  shown: number;
  /** Frame numbers of the first and last frames shown (the source's frame rate over the same time). */
  firstFrame: number;
  lastFrame: number;
  /** Age of each frame when the page first showed it, ms. */
  ages: number[];
  /** Animation frames the page ran, and how many of them read no valid strip. */
  ticks: number;
  unreadable: number;
  seconds: number;
}

export const receiverScript = `(() => {
  const BLOCK = ${STRIP.block}, BLOCKS = ${STRIP.blocks};
  const screenCanvas = () => {
    let best = null;
    for (const canvas of document.querySelectorAll('#screen canvas')) {
      if (!best || canvas.width * canvas.height > best.width * best.height) best = canvas;
    }
    return best;
  };
  // tsx compiles with esbuild's keepNames, which wraps inner functions in __name(); the page has no such helper.
  const __name = (fn) => fn;
  const decodeStrip = ${decodeStrip.toString()};
  const decode = (data, width) =>
    decodeStrip((i) => {
      const at = ((BLOCK >> 1) * width + i * BLOCK + (BLOCK >> 1)) * 4;
      return data[at] + data[at + 1] + data[at + 2] > 384 ? 1 : 0;
    });
  const bench = (window.__streamBench = { sampling: null, typing: { target: null, keyAt: 0, waiting: false, echoes: [] } });

  bench.startSampling = () => {
    const state = { shown: 0, firstFrame: -1, lastFrame: -1, ages: [], ticks: 0, unreadable: 0, started: performance.now(), running: true };
    bench.sampling = state;
    const tick = () => {
      if (!state.running) return;
      state.ticks++;
      const canvas = screenCanvas();
      if (canvas && canvas.width >= BLOCK * BLOCKS) {
        const data = canvas.getContext('2d').getImageData(0, 0, BLOCK * BLOCKS, BLOCK).data;
        const code = decode(data, BLOCK * BLOCKS);
        if (!code) state.unreadable++;
        else if (code.frame !== state.lastFrame) {
          const now = Math.round(performance.timeOrigin + performance.now());
          state.ages.push(((now & 0xffffff) - code.stamp + 0x1000000) % 0x1000000);
          if (state.firstFrame < 0) state.firstFrame = code.frame;
          state.lastFrame = code.frame;
          state.shown++;
        }
      } else state.unreadable++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };
  bench.stopSampling = () => {
    const state = bench.sampling;
    state.running = false;
    const { shown, firstFrame, lastFrame, ages, ticks, unreadable } = state;
    return { shown, firstFrame, lastFrame, ages, ticks, unreadable, seconds: (performance.now() - state.started) / 1000 };
  };

  // The typing probe: wraps the 2D context's drawing calls once, before any viewer script runs.
  const typing = bench.typing;
  for (const name of ['drawImage', 'putImageData', 'fillRect']) {
    const original = CanvasRenderingContext2D.prototype[name];
    CanvasRenderingContext2D.prototype[name] = function (...args) {
      if (typing.waiting && this.canvas === typing.target) {
        typing.waiting = false;
        typing.echoes.push(performance.now() - typing.keyAt);
      }
      return original.apply(this, args);
    };
  }
  addEventListener('keydown', () => {
    typing.target = screenCanvas();
    typing.keyAt = performance.now();
    typing.waiting = true;
  }, true);
})();`;
