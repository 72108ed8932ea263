/** The app's Content-Security-Policy: scripts only from the app itself, never `eval`. */
const CSP = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The policy as a header (the desktop window, the engine serving the page) or, with `meta`,
 * as the page's own `<meta>` tag, where `frame-ancestors` is not allowed. The dev server
 * (electron-vite dev) also needs the inline React Refresh preamble.
 */
export function contentSecurityPolicy(opts: { dev?: boolean; meta?: boolean } = {}): string {
  return Object.entries(CSP)
    .filter(([name]) => !(opts.meta && name === 'frame-ancestors'))
    .map(([name, values]) => {
      const all = opts.dev && name === 'script-src' ? [...values, "'unsafe-inline'"] : values;
      return `${name} ${all.join(' ')}`;
    })
    .join('; ');
}
