import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface SentMail extends MailMessage {
  at: Date;
}

const OUTBOX_LIMIT = 200;

/**
 * Sends mail through SMTP_URL. Without it (development, tests) mail goes to an in-memory outbox
 * and the log instead, so invitation and reset links can be followed without a mail server.
 */
@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private readonly transport?: Transporter;
  private readonly sent: SentMail[] = [];
  readonly from: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.from = `Portico <no-reply@${new URL(config.publicUrl).hostname}>`;
    if (config.smtpUrl) this.transport = createTransport(config.smtpUrl);
  }

  async send(message: MailMessage): Promise<void> {
    if (this.transport) {
      await this.transport.sendMail({ from: this.from, ...message });
      return;
    }
    this.sent.push({ ...message, at: new Date() });
    if (this.sent.length > OUTBOX_LIMIT) this.sent.shift();
    this.logger.log(`[dev outbox] to=${message.to} subject="${message.subject}"\n${message.text}`);
  }

  /** Mail kept by the development outbox, newest last (empty when SMTP is configured). */
  outbox(): readonly SentMail[] {
    return this.sent;
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
