import { Inject, Injectable, Logger } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { OutboxRepository, type DueMessage } from './outbox.repository';

export { channelFor, type Channel } from './channels';

/** Backoff of the relay: 30 s, 1 min, 2 min, … at most 6 h; failed after this many attempts. */
export const MAX_ATTEMPTS = 8;
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(attempts - 1, 0), 6 * 60 * 60 * 1000);
}

/**
 * Delivery of the notifications outbox: e-mail through SMTP_URL (nodemailer), SMS through the
 * SMS_GATEWAY_URL interface, or the log when neither is configured or the recipient has no
 * address; retried with backoff. The outbox rows themselves are OutboxRepository's.
 */
@Injectable()
export class NotificationDelivery {
  private readonly logger = new Logger('Notifications');
  private mailer?: Transporter;

  constructor(
    private readonly outbox: OutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sends what is due (a batch; rows locked so two relays never send one message twice). */
  relayOnce(batch = 20): Promise<{ sent: number; failed: number }> {
    return this.outbox.relayDue(
      batch,
      (m) => this.send(m),
      (attempts) => ({
        giveUp: attempts >= MAX_ATTEMPTS,
        retryInMs: backoffMs(attempts),
      }),
    );
  }

  private async send(m: DueMessage): Promise<void> {
    const { channel, address, subject, body } = m;
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
