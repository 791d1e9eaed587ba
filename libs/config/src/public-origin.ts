/** The browser origin of the one public hostname: `https://host` or `https://host:port`. */
export function publicOrigin(hostname: string, port: number): string {
  return `https://${hostname}${port === 443 ? '' : `:${port}`}`;
}
