import type { AppConfig } from '../config/env';

export type Channel = 'log' | 'email' | 'sms';

/**
 * The channel a message is queued for: SMS to workers when an SMS gateway is configured, e-mail to
 * users when SMTP is configured, the log otherwise.
 */
export function channelFor(
  config: Pick<AppConfig, 'SMS_GATEWAY_URL' | 'SMTP_URL'>,
  recipientKind: 'worker' | 'user',
): Channel {
  if (recipientKind === 'worker') return config.SMS_GATEWAY_URL ? 'sms' : 'log';
  return config.SMTP_URL ? 'email' : 'log';
}
