import { type PersonName, people } from './cast.js';

/** Who the page lets you be: the cast, by the part each plays in the demo. */
export type PersonaRole = 'requester' | 'approver' | 'auditor' | 'help desk';

export interface Persona {
  readonly slackId: string;
  readonly name: string;
  readonly role: PersonaRole;
  /** What is special about them, in a few words. */
  readonly about: string;
}

/** Everyone but sam, whose role needs the shared bot device that the cast's config file does not have. */
type PlayedName = Exclude<PersonName, 'sam'>;

const about: Readonly<Record<PlayedName, { role: PersonaRole; about: string }>> = {
  alice: { role: 'requester', about: 'IAM user alice: one virtual MFA device' },
  bob: { role: 'requester', about: 'IAM user bob: a virtual device and a hardware token' },
  fiona: { role: 'requester', about: 'IAM user fiona: a FIDO security key and a virtual device' },
  oscar: { role: 'requester', about: 'IAM user admin-oscar: a protected admin, never reset' },
  dave: { role: 'requester', about: 'mapped to an IAM user that does not exist' },
  carol: { role: 'requester', about: 'e-mail outside example.com: not mapped to any IAM user' },
  mallory: { role: 'requester', about: 'no approver: Approve is refused' },
  henry: { role: 'requester', about: 'mapped to IAM user henry by a static rule' },
  ivan: { role: 'requester', about: 'his e-mail gives henry, whom a static rule gives to henry: refused' },
  erinAlt: { role: 'requester', about: 'erin’s second Slack account, mapped to erin by an IAM tag' },
  erin: { role: 'approver', about: 'approver by name, and auditor; her own device on the bot’s IAM user' },
  frank: { role: 'approver', about: 'approver through the @security group; his own device' },
  olivia: { role: 'auditor', about: 'auditor through the @auditors group; no approver' },
  hugo: {
    role: 'help desk',
    about: 'help desk through the @helpdesk group: /mfa-reset @member asks for someone else',
  },
};

export const personas: readonly Persona[] = (Object.keys(about) as PlayedName[]).map((name) => ({
  slackId: people[name].slackId,
  name,
  role: about[name].role,
  about: about[name].about,
}));
