import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * The audit events that need a person's attention, as the bot logs them. Each stored audit event
 * is one JSON log line with `"audit": true` and its `eventType` (line `audit`); what the bot's
 * checks find wrong with the trail or the account is logged at every detection, before anything is
 * written to the table, with `"alarm": true` and the event type it is audited as (line `alarm`), so
 * that nobody who can write the table can keep it from the metric. A metric filter counts each
 * and an alarm tells the topic's subscribers within five minutes of one.
 */
export const alarmedEvents = [
  {
    eventType: 'REQUEST_COMPLETED',
    line: 'audit',
    metric: 'ResetsCompleted',
    what: 'An MFA reset was completed',
  },
  {
    eventType: 'APPROVER_DEVICE_LOCKED',
    line: 'audit',
    metric: 'ApproverDevicesLocked',
    what: 'An approver device was locked',
  },
  {
    eventType: 'ENROLMENT_OVERDUE',
    line: 'audit',
    metric: 'UsersLeftWithoutMfa',
    what: 'An IAM user reset through the bot has enrolled no new MFA device in time',
  },
  {
    eventType: 'AUDIT_CHAIN_BROKEN',
    line: 'alarm',
    metric: 'AuditChainBreaks',
    what: 'The audit chain is broken',
  },
  {
    eventType: 'CLOUDTRAIL_MISMATCH',
    line: 'alarm',
    metric: 'UnaccountedMfaResets',
    what: 'CloudTrail shows an MFA reset no approved request accounts for',
  },
] as const;

export const METRIC_NAMESPACE = 'MfaResetBot';

/** The filter of the log lines of one event type: `line` is the field set to true on them. */
export function filterPattern(event: { eventType: string; line: 'audit' | 'alarm' }): string {
  return `{ $.${event.line} IS TRUE && $.eventType = "${event.eventType}" }`;
}

export class AuditAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: { logGroup: ILogGroup }) {
    super(scope, id);
    // Publishers must use TLS (a topic policy denying aws:SecureTransport false).
    this.topic = new Topic(this, 'Topic', { displayName: 'mfa-reset-bot audit alarms', enforceSSL: true });
    this.alarms = alarmedEvents.map((event) => {
      const { eventType, metric, what } = event;
      const filter = new MetricFilter(this, `${metric}Filter`, {
        logGroup: props.logGroup,
        filterPattern: FilterPattern.literal(filterPattern(event)),
        metricNamespace: METRIC_NAMESPACE,
        metricName: metric,
        metricValue: '1',
      });
      const alarm = new Alarm(this, `${metric}Alarm`, {
        alarmDescription: `${what} (audit event ${eventType}); see the audit trail for who, whom and why.`,
        metric: filter.metric({ statistic: 'Sum', period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(new SnsAction(this.topic));
      return alarm;
    });
  }
}
