import { allOf, condition, filterField, filterValue, inList } from './kingdee-filter';

describe('Kingdee filter strings', () => {
  it('quotes values and doubles single quotes, so a value cannot end the string', () => {
    expect(filterValue("VEN001' or '1'='1")).toBe("'VEN001'' or ''1''=''1'");
    expect(condition('FSupplierId.FNumber', '=', "x' or 1=1 --")).toBe(
      "FSupplierId.FNumber = 'x'' or 1=1 --'",
    );
  });

  it('refuses control characters and field keys that are not keys', () => {
    expect(() => filterValue('VEN\n001')).toThrow(/Control characters/);
    expect(() => filterField('FBillNo;drop')).toThrow(/field key/);
    expect(() => filterField('1=1 or FBillNo')).toThrow(/field key/);
  });

  it('writes dates and numbers in the forms Kingdee reads', () => {
    expect(filterValue(new Date('2026-03-01T08:30:00Z'))).toBe("'2026-03-01 08:30:00'");
    expect(filterValue(12.5)).toBe('12.5');
    expect(() => filterValue(Number.NaN)).toThrow();
  });

  it('combines conditions with and, each in parentheses', () => {
    expect(allOf(condition('FDocumentStatus', '=', 'C'), undefined, inList('FCloseStatus', ['A']))).toBe(
      "(FDocumentStatus = 'C') and (FCloseStatus in ('A'))",
    );
  });
});
