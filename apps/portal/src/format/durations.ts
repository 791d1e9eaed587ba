/** A span of time as people say it: "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function formatSpan(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** How long ago `iso` was, relative to `now`. */
export const ageOf = (iso: string, now: number) => formatSpan(now - Date.parse(iso));

/** Time left until `iso`: "none" once it has passed, "no limit" without one. */
export function timeLeft(iso: string | null, now: number): string {
  if (!iso) return 'no limit';
  const left = Date.parse(iso) - now;
  return left > 0 ? formatSpan(left) : 'none';
}
