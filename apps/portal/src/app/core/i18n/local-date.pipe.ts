import { formatDate, registerLocaleData } from '@angular/common';
import localeZh from '@angular/common/locales/zh';
import { inject, Pipe, PipeTransform } from '@angular/core';
import { LanguageService } from './language.service';

// Angular ships English; Chinese dates ("2026年11月25日") need the locale data registered once.
registerLocaleData(localeZh, 'zh-CN');

/** Formats a date in the user's current language; follows run-time language switches. */
@Pipe({ name: 'localDate', pure: false })
export class LocalDatePipe implements PipeTransform {
  private readonly language = inject(LanguageService).language;

  transform(value: string | Date | null | undefined, format = 'mediumDate'): string {
    if (!value) return '';
    return formatDate(value, format, this.language());
  }
}
