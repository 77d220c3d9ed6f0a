import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolUser,
  ClientAttributes,
  CfnUserPoolUserToGroupAttachment,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolEmail,
  UserPoolGroup,
  VerificationEmailStyle,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CLIENT_ID_ATTRIBUTE_NAME, PRACTICE_ADMINS_GROUP, PRACTITIONERS_GROUP } from '../../shared/constants.ts';
import type { PracticeConfig } from '../config.ts';
import { acknowledge } from '../nag.ts';

export interface PracticeAuthProps {
  config: PracticeConfig;
  /** `https://<portal host>`, for the sign-in link in the first practitioner's e-mail. */
  portalBaseUrl: string;
}

/**
 * The practice's Cognito user pool: practitioners (group `practitioners`) and clients (`custom:clientId`) sign in
 * here; the web gets ID tokens through the public app client and the HTTP API's JWT authorizer verifies them.
 * Nobody signs up: clients are created by invitation, the first practitioner by this stack.
 */
export class PracticeAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly practitionersGroup: UserPoolGroup;
  readonly practiceAdminsGroup: UserPoolGroup;

  constructor(scope: Construct, id: string, props: PracticeAuthProps) {
    super(scope, id);
    const { config } = props;

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      mfa: config.auth.mfa === 'required' ? Mfa.REQUIRED : Mfa.OPTIONAL,
      // TOTP only: SMS codes can be intercepted (SIM swap) and would need an SNS origination identity.
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Set by the server when it creates a client's user; immutable so nobody can re-point a login at another
      // client's records.
      customAttributes: { [CLIENT_ID_ATTRIBUTE_NAME]: new StringAttribute({ minLen: 1, maxLen: 64, mutable: false }) },
      featurePlan: config.auth.threatProtection ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(config.auth.threatProtection ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      // Cognito's own mail (temporary password, password reset) comes from the practice's verified sender,
      // not from the shared, rate-limited Cognito address.
      email: UserPoolEmail.withSES({
        fromEmail: config.email.sender,
        fromName: config.displayName,
        sesRegion: Aws.REGION,
        sesVerifiedDomain: config.email.sender.split('@')[1],
      }),
      userInvitation: {
        emailSubject: `Your ${config.displayName} practice account`,
        emailBody: `Your practice account for ${config.displayName} is ready. Sign in at ${props.portalBaseUrl}/ with user name {username} and temporary password {####}; you will choose your own password${config.auth.mfa === 'required' ? ' and set up an authenticator app' : ''} at first sign-in.`,
      },
      // "Forgot password?": the CustomMessage trigger (ResetMessages) replaces this with the email in the client's
      // language; this English template is what Cognito sends if the trigger cannot answer.
      userVerification: {
        emailStyle: VerificationEmailStyle.CODE,
        emailSubject: `${config.displayName}: your password reset code`,
        emailBody: `<p>Hello,</p><p>Someone asked to reset the password of your ${config.displayName} account. Enter this code on the reset page to choose a new password:</p><p style="font-size:24px;letter-spacing:4px"><b>{####}</b></p><p>If you did not ask for this, you can ignore this email: your password stays as it is.</p><p>${config.displayName}</p>`,
      },
      deletionProtection: true,
      // Users are the practice's staff and clients: losing the pool locks everyone out of retained data.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.practitionersGroup = new UserPoolGroup(this, 'PractitionersGroup', {
      userPool: this.userPool,
      groupName: PRACTITIONERS_GROUP,
      description: 'Practice staff: see and edit every client of the practice',
    });
    this.practiceAdminsGroup = new UserPoolGroup(this, 'PracticeAdminsGroup', {
      userPool: this.userPool,
      groupName: PRACTICE_ADMINS_GROUP,
      description: 'Practice admins: also manage the practice settings and the team (members are practitioners too)',
    });

    this.client = this.userPool.addClient('WebClient', {
      // A browser cannot keep a secret.
      generateSecret: false,
      // The web signs in with InitiateAuth; no hosted UI, so no OAuth flows (implicit grant in particular).
      disableOAuth: true,
      // USER_PASSWORD_AUTH is what the web uses (over TLS, same flow as the local runtime); SRP for SDK clients.
      authFlows: { userPassword: true, userSrp: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.minutes(30),
      accessTokenValidity: Duration.minutes(30),
      refreshTokenValidity: Duration.hours(12),
      // Users may read their profile and fix their name; the e-mail (their sign-in) and custom:clientId (which
      // client's records they see) are only ever set by the server.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, givenName: true, familyName: true })
        .withCustomAttributes(CLIENT_ID_ATTRIBUTE_NAME),
      writeAttributes: new ClientAttributes().withStandardAttributes({ givenName: true, familyName: true }),
    });

    this.createFirstPractitioner(config);

    if (config.auth.mfa === 'optional') {
      acknowledge(
        this.userPool,
        'AwsSolutions-COG2',
        `MFA is optional by this practice's configuration (auth.mfa in infra/practices/${config.practiceName}.json): Cognito MFA is pool-wide and the practice chose not to require an authenticator app from its clients; TOTP stays available to every user.`,
      );
    }
    if (!config.auth.threatProtection) {
      acknowledge(
        this.userPool,
        'AwsSolutions-COG8',
        `Cognito threat protection (Plus plan, billed per active user) is off by this practice's configuration (auth.threatProtection in infra/practices/${config.practiceName}.json); sign-in still needs a strong password${config.auth.mfa === 'required' ? ' and TOTP' : ''}.`,
      );
    }
  }

  /**
   * Native CloudFormation resources, no custom resource: Cognito e-mails the temporary password itself (through
   * the SES sender above) and the user sets a password (and TOTP) at first sign-in.
   */
  private createFirstPractitioner(config: PracticeConfig): void {
    const { email, givenName, familyName } = config.firstPractitioner;
    const user = new CfnUserPoolUser(this, 'FirstPractitioner', {
      userPoolId: this.userPool.userPoolId,
      username: email,
      desiredDeliveryMediums: ['EMAIL'],
      userAttributes: [
        { name: 'email', value: email },
        { name: 'email_verified', value: 'true' },
        ...(givenName ? [{ name: 'given_name', value: givenName }] : []),
        ...(familyName ? [{ name: 'family_name', value: familyName }] : []),
      ],
    });
    // Replacing the resource would delete and recreate the practitioner's login; keep it if the config changes.
    user.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const membership = new CfnUserPoolUserToGroupAttachment(this, 'FirstPractitionerIsPractitioner', {
      userPoolId: this.userPool.userPoolId,
      username: email,
      groupName: PRACTITIONERS_GROUP,
    });
    membership.addResourceDependency(user);
    membership.node.addDependency(this.practitionersGroup);
    // The first practitioner is the practice's admin: they invite the rest of the team from the dashboard.
    const admin = new CfnUserPoolUserToGroupAttachment(this, 'FirstPractitionerIsAdmin', {
      userPoolId: this.userPool.userPoolId,
      username: email,
      groupName: PRACTICE_ADMINS_GROUP,
    });
    admin.addResourceDependency(user);
    admin.node.addDependency(this.practiceAdminsGroup);
  }
}
