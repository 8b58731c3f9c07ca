/**
 * The embed pages' Content-Security-Policy: only this origin's own script and stylesheet, no
 * inline code, no third-party anything, DOM sinks locked by Trusted Types, and framing limited to
 * the partner's registered origins (`'none'` when the partner is unknown or disabled).
 */
export function embedContentSecurityPolicy(frameAncestors: readonly string[]): string {
  const ancestors = frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'";
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    // Thumbnails of chosen files would be blob: URLs; nothing is fetched from elsewhere.
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    `frame-ancestors ${ancestors}`,
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}
