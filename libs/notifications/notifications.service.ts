import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';

export type Channel = 'log' | 'email' | 'sms';

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

/** Backoff of the relay: 30 s, 1 min, 2 min, … at most 6 h; failed after this many attempts. */
export const MAX_ATTEMPTS = 8;
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(attempts - 1, 0), 6 * 60 * 60 * 1000);
}

/**
 * The notifications outbox (written in the same transaction as what it reports) and its relay:
 * e-mail through SMTP_URL, SMS through the SMS_GATEWAY_URL interface, or the log when neither is
 * configured or the recipient has no address.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Notifications');
  private mailer?: Transporter;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Queues a message (idempotent by key) inside the caller's transaction. */
  async enqueue(em: EntityManager, m: OutboxMessage): Promise<void> {
    const channel: Channel =
      m.recipientKind === 'worker'
        ? this.config.SMS_GATEWAY_URL
          ? 'sms'
          : 'log'
        : this.config.SMTP_URL
          ? 'email'
          : 'log';
    await em.query(
      `INSERT INTO notifications (idempotency_key, channel, recipient_kind, recipient_id, template, subject, body, loan_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (idempotency_key) DO NOTHING`,
      [m.key, channel, m.recipientKind, m.recipientId, m.template, m.subject, m.body, m.loanId ?? null],
    );
  }

  /** Sends what is due (a batch, rows locked so two relays never send one message twice). */
  async relayOnce(batch = 20): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    await this.ds.transaction(async (em) => {
      const rows = (await em.query(
        `SELECT n.id, n.channel, n.subject, n.body, n.attempts, n.recipient_kind,
                CASE WHEN n.recipient_kind = 'worker' THEN w.phone ELSE u.email END AS address
           FROM notifications n
           LEFT JOIN workers w ON n.recipient_kind = 'worker' AND w.id = n.recipient_id
           LEFT JOIN users u ON n.recipient_kind = 'user' AND u.id = n.recipient_id
          WHERE n.status = 'pending' AND n.next_attempt_at <= now()
          ORDER BY n.next_attempt_at LIMIT $1 FOR UPDATE OF n SKIP LOCKED`,
        [batch],
      )) as Array<{
        id: string;
        channel: Channel;
        subject: string;
        body: string;
        attempts: number;
        address: string | null;
      }>;
      for (const r of rows) {
        try {
          await this.send(r.channel, r.address, r.subject, r.body);
          await em.query(
            `UPDATE notifications SET status = 'sent', sent_at = now(), attempts = attempts + 1 WHERE id = $1`,
            [r.id],
          );
          sent++;
        } catch (err) {
          const attempts = r.attempts + 1;
          const give = attempts >= MAX_ATTEMPTS;
          await em.query(
            `UPDATE notifications SET attempts = $2, last_error = $3, status = $4,
                    next_attempt_at = now() + ($5::int * interval '1 millisecond') WHERE id = $1`,
            [
              r.id,
              attempts,
              String(err instanceof Error ? err.message : err).slice(0, 500),
              give ? 'failed' : 'pending',
              backoffMs(attempts),
            ],
          );
          failed++;
        }
      }
    });
    return { sent, failed };
  }

  private async send(channel: Channel, address: string | null, subject: string, body: string): Promise<void> {
    if (channel === 'log' || !address) {
      this.logger.log(
        `[${channel === 'log' ? 'log' : `${channel}: no address, logged`}] ${subject}: ${body}`,
      );
      return;
    }
    if (channel === 'email') {
      this.mailer ??= createTransport(this.config.SMTP_URL!);
      await this.mailer.sendMail({ from: this.config.SMTP_FROM, to: address, subject, text: body });
      return;
    }
    const res = await fetch(this.config.SMS_GATEWAY_URL!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: address, text: `${subject}\n${body}` }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
  }
}
