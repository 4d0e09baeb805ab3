import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * CORS for the codec endpoints only (the rest of the API stays same-origin): the Temporal UI at
 * `uiOrigin` may call /codec/decode and /codec/encode with the user's bearer token.
 */
export function applyCodecCors(app: INestApplication, uiOrigin: string): void {
  app.use('/codec', (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (origin && origin === uiOrigin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, x-namespace');
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  });
}
