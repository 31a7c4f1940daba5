import { derivedCode } from './transmittal-settings.service';

describe('derivedCode', () => {
  it("takes the first word of the workspace's name, never its Jira project key", () => {
    expect(derivedCode({ name: 'Acme — gearbox' })).toBe('ACME');
    expect(derivedCode({ name: 'Borealis Components' })).toBe('BOREAL');
    expect(derivedCode({ name: 'Ölwerk 2' })).toBe('OLWERK');
    expect(derivedCode({ name: '齿轮箱' })).toBe('T');
  });
});
