import type { FastifyInstance } from 'fastify';

interface KnownRoute {
  readonly pattern: RegExp;
  readonly methods: readonly string[];
}

/**
 * The methods a path answers, from every route registered after this (an onRoute hook, so routes
 * added by any module count): the not-found handler turns "known path, wrong method" into 405
 * with `Allow` (SPEC §7) instead of 404. `:param` matches one path segment, `*` the rest.
 */
export function makeAllowedMethods(app: FastifyInstance): (url: string) => string[] {
  const routes: KnownRoute[] = [];
  app.addHook('onRoute', (route) => {
    const source = route.url
      .split('/')
      .map((segment) => (segment === '*' ? '.*' : segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    routes.push({ pattern: new RegExp(`^${source}$`), methods: Array.isArray(route.method) ? route.method : [route.method] });
  });
  return (url) => {
    const path = url.split('?', 1)[0] ?? '';
    const allowed = new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods));
    return [...allowed].sort();
  };
}
