import { Module } from '@nestjs/common';
import { NotificationDelivery } from './delivery';
import { OutboxRepository } from './outbox.repository';

/** The notifications outbox and its delivery (SMTP, SMS gateway, log). */
@Module({
  providers: [OutboxRepository, NotificationDelivery],
  exports: [OutboxRepository, NotificationDelivery],
})
export class NotificationsModule {}
