import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { channelFor, type Channel } from './channels';

export interface OutboxMessage {
  /** Unique: the same message is never queued twice. */
  key: string;
  recipientKind: 'worker' | 'user';
  recipientId: string;
  template: string;
  subject: string;
  body: string;
  loanId?: string | null;
}

/** A queued message due for sending, with the recipient's address (phone or e-mail) if known. */
export interface DueMessage {
  id: string;
  channel: Channel;
  subject: string;
  body: string;
  attempts: number;
  address: string | null;
}

/**
 * The notifications outbox (SQL only): messages are queued in the same transaction as what they
 * report and sent later by NotificationDelivery (delivery.ts).
 */
@Injectable()
export class OutboxRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Queues a message (idempotent by key) inside the caller's transaction. */
  async enqueue(em: EntityManager, m: OutboxMessage): Promise<void> {
    await em.query(
      `INSERT INTO notifications (idempotency_key, channel, recipient_kind, recipient_id, template, subject, body, loan_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (idempotency_key) DO NOTHING`,
      [
        m.key,
        channelFor(this.config, m.recipientKind),
        m.recipientKind,
        m.recipientId,
        m.template,
        m.subject,
        m.body,
        m.loanId ?? null,
      ],
    );
  }

  /**
   * Locks a batch of due messages (SKIP LOCKED: two relays never take one message), hands each to
   * `send`, and records the result: sent, or the error and the next attempt by `retry` (failed for
   * good when it gives up).
   */
  async relayDue(
    batch: number,
    send: (m: DueMessage) => Promise<void>,
    retry: (attempts: number) => { giveUp: boolean; retryInMs: number },
  ): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    await this.ds.transaction(async (em) => {
      const rows = (await em.query(
        `SELECT n.id, n.channel, n.subject, n.body, n.attempts,
                CASE WHEN n.recipient_kind = 'worker' THEN w.phone ELSE u.email END AS address
           FROM notifications n
           LEFT JOIN workers w ON n.recipient_kind = 'worker' AND w.id = n.recipient_id
           LEFT JOIN users u ON n.recipient_kind = 'user' AND u.id = n.recipient_id
          WHERE n.status = 'pending' AND n.next_attempt_at <= now()
          ORDER BY n.next_attempt_at LIMIT $1 FOR UPDATE OF n SKIP LOCKED`,
        [batch],
      )) as DueMessage[];
      for (const r of rows) {
        try {
          await send(r);
          await em.query(
            `UPDATE notifications SET status = 'sent', sent_at = now(), attempts = attempts + 1 WHERE id = $1`,
            [r.id],
          );
          sent++;
        } catch (err) {
          const attempts = r.attempts + 1;
          const next = retry(attempts);
          await em.query(
            `UPDATE notifications SET attempts = $2, last_error = $3, status = $4,
                    next_attempt_at = now() + ($5::int * interval '1 millisecond') WHERE id = $1`,
            [
              r.id,
              attempts,
              String(err instanceof Error ? err.message : err).slice(0, 500),
              next.giveUp ? 'failed' : 'pending',
              next.retryInMs,
            ],
          );
          failed++;
        }
      }
    });
    return { sent, failed };
  }
}
