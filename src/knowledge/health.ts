// Health and readiness: the paths load balancers and orchestrators probe, and the libraries that
// serve them. Users add their own paths with `settings.healthPaths`.

/** Conventional health/liveness/readiness paths (Kubernetes `/healthz`, `/livez`, `/readyz`…). */
export const healthPaths: readonly string[] = [
  '/health', '/healthz', '/livez', '/readyz', '/ready', '/live', '/ping', '/status',
];

/** Libraries that serve health routes themselves: importing one anywhere counts. */
export const healthLibraries: readonly string[] = [
  '@nestjs/terminus',
  '@godaddy/terminus',
  'lightship',
  'fastify-healthcheck',
  'express-actuator',
  'express-healthcheck',
  '@cloudnative/health-connect',
];

/** Whether a served path (a full path, or the path of one route or mount) is a health path. */
export function isHealthPath(path: string, extra: readonly string[] = []): boolean {
  const normal = (p: string) => {
    const withSlash = p.startsWith('/') ? p : `/${p}`;
    return withSlash.length > 1 ? withSlash.replace(/\/+$/, '').toLowerCase() : withSlash;
  };
  const p = normal(path);
  return [...healthPaths, ...extra].some((h) => {
    const n = normal(h);
    return p === n || p.endsWith(n);
  });
}
