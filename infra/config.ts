/**
 * One typed, validated configuration per practice: `infra/practices/<name>.json`, chosen with
 * `cdk deploy -c practice=<name>`. Everything that differs between two practices lives here; everything else is
 * a secure default in the constructs. A bad file fails synth with the offending field, before anything is built.
 */
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const practicesDir = join(dirname(fileURLToPath(import.meta.url)), 'practices');

/** The retention periods CloudWatch Logs accepts; anything else is rejected by the service at deploy time. */
const logRetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const acmCertificateInUsEast1 = /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/;
const wafWebAclArn = /^arn:aws:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[0-9a-f-]+$/;

export const practiceConfigSchema = z
  .object({
    /**
     * Short machine name: the stack is `PracticeStack-<practiceName>` and the upload bucket's name is derived from
     * it, so it must stay short and DNS-safe (S3 bucket names are at most 63 characters).
     */
    practiceName: z.string().regex(/^[a-z][a-z0-9-]{1,22}[a-z0-9]$/, 'lower-case letters, digits and dashes, 3–24 characters'),
    /** Shown in the e-mails Cognito sends (the first practitioner's temporary password). */
    displayName: z.string().min(1).max(80),
    /** Where the stack goes. Omitted: the CLI's current account and region (CDK_DEFAULT_ACCOUNT/REGION). */
    env: z
      .object({
        account: z
          .string()
          .regex(/^\d{12}$/)
          .optional(),
        region: z
          .string()
          .regex(/^[a-z]{2}(-[a-z]+)+-\d$/)
          .optional(),
      })
      .strict()
      .default({}),
    /**
     * Optional custom domain for the portal. The certificate must be an ACM certificate in us-east-1 (CloudFront
     * only reads certificates from there) covering `name`; the DNS record (CNAME/alias to the distribution) is
     * created by the practice, since the zone is often not in this account.
     */
    domain: z
      .object({
        name: z.hostname(),
        certificateArn: z.string().regex(acmCertificateInUsEast1, 'an ACM certificate ARN in us-east-1'),
      })
      .strict()
      .optional(),
    email: z
      .object({
        /** From address of invitations and Cognito mail. Must be verified in SES in the stack's region. */
        sender: z.email(),
        /**
         * The SES identity that covers the sender: the address itself or its domain. Defaults to the domain, which
         * is what a practice normally verifies (DKIM).
         */
        senderIdentity: z.string().min(3).optional(),
      })
      .strict(),
    /** Alarm notifications (SNS e-mail subscription; the recipient confirms it once). */
    alarmEmail: z.email(),
    /** Created at deploy time in the `practitioners` group; Cognito e-mails a temporary password. */
    firstPractitioner: z
      .object({
        email: z.email(),
        givenName: z.string().min(1).max(80).optional(),
        familyName: z.string().min(1).max(80).optional(),
      })
      .strict(),
    auth: z
      .object({
        /**
         * Cognito MFA is a per-pool setting, so it applies to every user of the practice's pool. `required`: every
         * user enrols a TOTP app at first sign-in (the default: practitioners see PHI of every client).
         * `optional`: users may enrol; practices that cannot ask clients for an authenticator app choose this.
         */
        mfa: z.enum(['required', 'optional']).default('required'),
        /**
         * Cognito threat protection (Plus feature plan): blocks sign-ins with compromised credentials and risky
         * sign-ins. Billed per monthly active user, so a practice can turn it off.
         */
        threatProtection: z.boolean().default(true),
      })
      .strict()
      .default({ mfa: 'required', threatProtection: true }),
    retention: z
      .object({
        /** Lambda, API access and WAF log groups. */
        logDays: z
          .number()
          .int()
          .refine((days) => (logRetentionDays as readonly number[]).includes(days), {
            message: `one of ${logRetentionDays.join(', ')}`,
          })
          .default(365),
        /** S3 server access logs and CloudFront access logs. */
        accessLogDays: z.number().int().min(30).max(3653).default(365),
        /** Daily AWS Backup recovery points of the table. */
        backupDays: z.number().int().min(7).max(3653).default(35),
        /** Earlier versions of uploaded files (overwritten or deleted objects) are kept this long. */
        noncurrentVersionDays: z.number().int().min(1).max(3653).default(30),
      })
      .strict()
      .default({ logDays: 365, accessLogDays: 365, backupDays: 35, noncurrentVersionDays: 30 }),
    features: z
      .object({
        /**
         * AWS WAF in front of CloudFront. With `webAclArn` an existing CLOUDFRONT-scoped web ACL is attached;
         * without, the stack creates one, which AWS only allows in us-east-1.
         */
        waf: z
          .object({ enabled: z.boolean(), webAclArn: z.string().regex(wafWebAclArn).optional() })
          .strict()
          .default({ enabled: false }),
        /**
         * GuardDuty Malware Protection for S3 scans every attached file; attachments are not served until tagged
         * clean (the bucket policy refuses the read otherwise, and the API hides them: MALWARE_SCANNING=on).
         */
        malwareScanning: z.boolean().default(false),
      })
      .strict()
      .default({ waf: { enabled: false }, malwareScanning: false }),
    api: z
      .object({
        /** Steady-state requests per second for the whole API (stage default route throttling). */
        throttleRateLimit: z.number().int().min(1).max(10_000).default(50),
        throttleBurstLimit: z.number().int().min(1).max(5_000).default(100),
      })
      .strict()
      .default({ throttleRateLimit: 50, throttleBurstLimit: 100 }),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  })
  .strict()
  .superRefine((config, ctx) => {
    const waf = config.features.waf;
    if (waf.enabled && !waf.webAclArn && config.env.region !== 'us-east-1') {
      ctx.addIssue({
        code: 'custom',
        path: ['features', 'waf'],
        message: 'a CloudFront web ACL can only be created in us-east-1: set env.region to us-east-1 or give features.waf.webAclArn',
      });
    }
  });

export type PracticeConfig = z.output<typeof practiceConfigSchema>;

/** The SES identity the functions may send as: the configured identity, else the sender's domain. */
export function senderIdentity(config: PracticeConfig): string {
  return config.email.senderIdentity ?? config.email.sender.split('@')[1]!;
}

export function parsePracticeConfig(raw: unknown, source = 'practice config'): PracticeConfig {
  const result = practiceConfigSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`Invalid ${source}:\n${problems.join('\n')}`);
  }
  return result.data;
}

export function availablePractices(): string[] {
  return readdirSync(practicesDir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

export function loadPracticeConfig(name: string): PracticeConfig {
  const file = join(practicesDir, `${name}.json`);
  if (!/^[a-z0-9-]+$/.test(name) || !existsSync(file)) {
    throw new Error(`No practice "${name}". Known practices: ${availablePractices().join(', ')} (infra/practices/*.json)`);
  }
  const config = parsePracticeConfig(JSON.parse(readFileSync(file, 'utf8')), `infra/practices/${name}.json`);
  if (config.practiceName !== name) {
    throw new Error(`infra/practices/${name}.json declares practiceName "${config.practiceName}"; they must match`);
  }
  return config;
}
