/**
 * Origin patterns of partner apps: what may frame the widget. A pattern is a scheme, a host
 * (optionally `*.` for any subdomain) and an optional port (`*` for any port). They are written
 * verbatim into CSP `frame-ancestors`, whose source-expression grammar they are a subset of, and
 * matched here against the `origin` the host script announces.
 */

const PATTERN = /^(https?):\/\/(\*\.)?([a-z0-9.-]+)(?::(\d{1,5}|\*))?$/;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

export interface ParsedOriginPattern {
  scheme: 'http' | 'https';
  anySubdomain: boolean;
  host: string;
  /** A port number as text, `*`, or undefined for the scheme's default port. */
  port: string | undefined;
}

/** Parses a pattern; returns a reason instead when it is not acceptable. */
export function parseOriginPattern(pattern: string): ParsedOriginPattern | { invalid: string } {
  const match = PATTERN.exec(pattern.toLowerCase());
  if (!match) return { invalid: 'is not scheme://host[:port]' };
  const [, scheme, wildcard, host, port] = match as unknown as [
    string,
    'http' | 'https',
    string,
    string,
    string,
  ];
  if (host.startsWith('.') || host.endsWith('.') || host.includes('..'))
    return { invalid: 'has an empty host label' };
  if (port !== undefined && port !== '*' && (Number(port) < 1 || Number(port) > 65535))
    return { invalid: 'has a port out of range' };
  // Plain http would let anyone on the network inject script into the framing page.
  if (scheme === 'http' && !LOCAL_HOSTS.has(host))
    return { invalid: 'must use https (http is allowed for localhost and 127.0.0.1 only)' };
  if (wildcard && LOCAL_HOSTS.has(host)) return { invalid: 'cannot put a wildcard before a local host' };
  if (wildcard && !host.includes('.')) return { invalid: 'cannot wildcard a top-level domain' };
  return { scheme, anySubdomain: Boolean(wildcard), host, port };
}

/** Normalises a pattern for storage (lower case, default ports dropped). */
export function normaliseOriginPattern(pattern: string): string {
  const parsed = parseOriginPattern(pattern);
  if ('invalid' in parsed) return pattern;
  const defaultPort = parsed.scheme === 'https' ? '443' : '80';
  const port = parsed.port === undefined || parsed.port === defaultPort ? '' : `:${parsed.port}`;
  return `${parsed.scheme}://${parsed.anySubdomain ? '*.' : ''}${parsed.host}${port}`;
}

/** Whether a concrete origin (`https://app.example.cn:8443`) is matched by one of the patterns. */
export function originAllowed(origin: string, patterns: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // An origin is exactly scheme://host[:port]: nothing else may ride along.
  if (url.origin !== origin || (url.protocol !== 'http:' && url.protocol !== 'https:')) return false;
  const scheme = url.protocol.slice(0, -1);
  const port = url.port || (scheme === 'https' ? '443' : '80');
  return patterns.some((pattern) => {
    const parsed = parseOriginPattern(pattern);
    if ('invalid' in parsed || parsed.scheme !== scheme) return false;
    const hostMatches = parsed.anySubdomain
      ? url.hostname.endsWith(`.${parsed.host}`)
      : url.hostname === parsed.host;
    const defaultPort = parsed.scheme === 'https' ? '443' : '80';
    const portMatches = parsed.port === '*' || (parsed.port ?? defaultPort) === port;
    return hostMatches && portMatches;
  });
}
