import { CfnOutput, CfnParameter, DefaultStackSynthesizer, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { runtimeRoleName } from './bot-identity.js';
import { type MemberPolicyFile, memberPolicyDocument, memberRoleNames } from './member-policies.js';
import type { StackSettings } from './settings.js';

export interface MfaResetBotMemberStackProps extends StackProps {
  readonly settings: StackSettings;
}

/** IAM's own rule for user and role names. */
const iamName = '^[\\w+=,.@-]{1,64}$';

/**
 * What mfa-reset-bot needs in each member account of the organisation: two roles, trusted from the
 * home account (see docs/decisions/015-member-accounts-through-roles-with-mfa-trust.md).
 * - `mfa-reset-bot-reset`: the step-up user may assume it only with an approver's MFA and the
 *   account's external ID; it resets, only with MFA, never a protected user nor the step-up user
 *   itself (should the stack ever be deployed into the home account).
 * - `mfa-reset-bot-reader`: the runtime role may assume it with the external ID; it reads what the
 *   runtime policy reads, and writes nothing.
 * The template is the same for every account (no account or region in it): deploy it as a
 * CloudFormation StackSet over organisational units. What differs per organisation or account is a
 * CloudFormation parameter; the protected tag is a synth-time setting, as in the home stack, because
 * it is part of a condition key, which CloudFormation cannot compute.
 */
export class MfaResetBotMemberStack extends Stack {
  constructor(scope: Construct, id: string, props: MfaResetBotMemberStackProps) {
    super(scope, id, {
      // No bootstrap resources and no CDK metadata: StackSets deploy the template as it is.
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
      analyticsReporting: false,
      description: 'mfa-reset-bot in a member account: the reset role (MFA only) and the reader role',
      ...props,
    });
    const { settings } = props;
    const homeAccountId = new CfnParameter(this, 'HomeAccountId', {
      allowedPattern: '^\\d{12}$',
      description: 'The account of the bot, its step-up user and its runtime role (12 digits)',
    });
    const stepUpUserName = new CfnParameter(this, 'StepUpUserName', {
      default: settings.botUserName,
      allowedPattern: iamName,
      description: 'The bot’s IAM user in the home account (output BotUserName of the home stack)',
    });
    const runtimeRole = new CfnParameter(this, 'RuntimeRoleName', {
      default: runtimeRoleName(settings),
      allowedPattern: iamName,
      description: 'The role the bot runs as in the home account (output RuntimeRoleName of the home stack)',
    });
    const externalId = new CfnParameter(this, 'ExternalId', {
      minLength: 2,
      maxLength: 1224,
      allowedPattern: '^[\\w+=,.@:/-]+$',
      description: 'The external ID the bot’s configuration gives for this account (accounts[].externalId)',
    });

    const names = {
      partition: this.partition,
      account: this.account,
      homeAccountId: homeAccountId.valueAsString,
      stepUpUserName: stepUpUserName.valueAsString,
      runtimeRoleName: runtimeRole.valueAsString,
      externalId: externalId.valueAsString,
      protectedTag: settings.protectedTag,
    };
    const document = (file: MemberPolicyFile) => memberPolicyDocument(file, names);

    const role = (idPrefix: string, roleName: string, description: string, kind: 'reset' | 'reader') => {
      const created = new CfnRole(this, `${idPrefix}Role`, {
        roleName,
        description,
        assumeRolePolicyDocument: document(`member-${kind}-role-trust`),
        // The bot asks for 900 seconds; an hour is the least a role allows as its maximum.
        maxSessionDuration: 3600,
      });
      new CfnPolicy(this, `${idPrefix}Policy`, {
        policyName: roleName,
        policyDocument: document(`member-${kind}-role-policy`),
        roles: [created.ref],
      });
      return created;
    };
    const reset = role(
      'Reset',
      memberRoleNames.reset,
      'mfa-reset-bot resets MFA devices here: assumed by its step-up user only with an approver MFA code',
      'reset',
    );
    const reader = role(
      'Reader',
      memberRoleNames.reader,
      'mfa-reset-bot reads IAM users, their devices and CloudTrail here: assumed by its runtime role',
      'reader',
    );

    new CfnOutput(this, 'ResetRoleArn', { value: reset.attrArn, description: 'The reset role' });
    new CfnOutput(this, 'ReaderRoleArn', { value: reader.attrArn, description: 'The reader role' });
  }
}
