/**
 * A diagnosis for `BENCH_PROFILE=1`: the receiving page's JavaScript CPU profile (Chromium's sampling profiler,
 * through CDP) over a measurement, printed as the functions with the most self time. It tells whether the page's
 * main thread goes to decoding (inflate, Tight, JPEG) or to drawing.
 */
import type { Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

export async function profileWhile<T>(page: Page, run: () => Promise<T>): Promise<T> {
  if (!process.env['BENCH_PROFILE']) return run();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const result = await run();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; samples: number[] } };
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const counts = new Map<string, number>();
  for (const sample of profile.samples) {
    const frame = byNode.get(sample)?.callFrame;
    const name = frame ? `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber}` : '?';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 15);
  for (const [name, count] of top) console.log(`    ${((count / profile.samples.length) * 100).toFixed(1).padStart(5)} %  ${name}`);
  return result;
}
