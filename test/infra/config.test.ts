/** The per-practice config: what a DevOps person writes in infra/practices/<name>.json, checked before synth. */
import { describe, expect, it } from 'vitest';
import { availablePractices, loadPracticeConfig, parsePracticeConfig, senderIdentity } from '../../infra/config.ts';

const minimal = {
  practiceName: 'small-practice',
  displayName: 'Small Practice',
  email: { sender: 'portal@small.example' },
  alarmEmail: 'ops@small.example',
  firstPractitioner: { email: 'owner@small.example' },
};

describe('practice config', () => {
  it('loads every practice in infra/practices', () => {
    expect(availablePractices()).toEqual(expect.arrayContaining(['demo', 'harbor-family-therapy']));
    for (const name of availablePractices()) expect(loadPracticeConfig(name).practiceName).toBe(name);
  });

  it('fills secure defaults: MFA required, threat protection on, WAF and malware scanning off, a year of logs', () => {
    const config = parsePracticeConfig(minimal);
    expect(config.auth).toEqual({ mfa: 'required', threatProtection: true });
    expect(config.features).toEqual({ waf: { enabled: false }, malwareScanning: false });
    expect(config.retention).toEqual({ logDays: 365, accessLogDays: 365, backupDays: 35, noncurrentVersionDays: 30 });
    expect(senderIdentity(config)).toBe('small.example');
  });

  it('names the field that is wrong', () => {
    expect(() => parsePracticeConfig({ ...minimal, alarmEmail: 'not-an-address' })).toThrow(/alarmEmail/);
    expect(() => parsePracticeConfig({ ...minimal, retention: { logDays: 42 } })).toThrow(/retention\.logDays/);
    expect(() => parsePracticeConfig({ ...minimal, practiceName: 'Has Spaces' })).toThrow(/practiceName/);
    expect(() => parsePracticeConfig({ ...minimal, surprise: true })).toThrow(/surprise|Unrecognized/i);
  });

  it('refuses a certificate outside us-east-1, which CloudFront cannot use', () => {
    const domain = { name: 'portal.small.example', certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/abc-123' };
    expect(() => parsePracticeConfig({ ...minimal, domain })).toThrow(/domain\.certificateArn/);
  });

  it('refuses to create a CloudFront web ACL outside us-east-1 unless one is given', () => {
    const waf = { features: { waf: { enabled: true } } };
    expect(() => parsePracticeConfig({ ...minimal, env: { region: 'eu-west-1' }, ...waf })).toThrow(/us-east-1/);
    expect(parsePracticeConfig({ ...minimal, env: { region: 'us-east-1' }, ...waf }).features.waf.enabled).toBe(true);
    const existing = 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/portal/0a1b2c3d-0000-1111-2222-333344445555';
    expect(
      parsePracticeConfig({ ...minimal, env: { region: 'eu-west-1' }, features: { waf: { enabled: true, webAclArn: existing } } }).features
        .waf,
    ).toEqual({ enabled: true, webAclArn: existing });
  });

  it('rejects an unknown practice with the list of known ones', () => {
    expect(() => loadPracticeConfig('nope')).toThrow(/demo/);
  });
});
