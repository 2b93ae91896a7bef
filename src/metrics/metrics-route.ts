import { createHash, timingSafeEqual } from 'node:crypto';
import type { CustomRoute } from '@slack/bolt';
import type { Metrics } from './metrics.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares hashes, so neither the length nor the content of the token leaks through timing. */
const sameToken = (given: string, expected: string) => timingSafeEqual(digest(given), digest(expected));

/** GET /metrics in the Prometheus text format; with METRICS_TOKEN set, only for `Authorization: Bearer <token>`. */
export function metricsRoute(metrics: Metrics, token: string | undefined): CustomRoute {
  return {
    path: '/metrics',
    method: 'GET',
    handler: (req, res) => {
      const header = req.headers.authorization ?? '';
      if (token && !(header.startsWith('Bearer ') && sameToken(header.slice('Bearer '.length), token))) {
        res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' });
        res.end('metrics need Authorization: Bearer <METRICS_TOKEN>\n');
        return;
      }
      metrics.text().then(
        (body) => {
          res.writeHead(200, { 'content-type': metrics.contentType() });
          res.end(body);
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`could not collect metrics: ${(err as Error).message}\n`);
        },
      );
    },
  };
}
