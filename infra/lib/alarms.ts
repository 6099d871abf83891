import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * The audit events that need a person's attention, as the bot logs them: each audit event is also
 * one JSON log line with `"audit": true` and its `eventType`. A metric filter counts each type and
 * an alarm tells the topic's subscribers within five minutes of one.
 */
export const alarmedEvents = [
  { eventType: 'REQUEST_COMPLETED', metric: 'ResetsCompleted', what: 'An MFA reset was completed' },
  {
    eventType: 'APPROVER_DEVICE_LOCKED',
    metric: 'ApproverDevicesLocked',
    what: 'An approver device was locked',
  },
  { eventType: 'AUDIT_CHAIN_BROKEN', metric: 'AuditChainBreaks', what: 'The audit chain is broken' },
  {
    eventType: 'CLOUDTRAIL_MISMATCH',
    metric: 'UnaccountedMfaResets',
    what: 'CloudTrail shows an MFA reset no approved request accounts for',
  },
] as const;

export const METRIC_NAMESPACE = 'MfaResetBot';

export function auditFilterPattern(eventType: string): string {
  return `{ $.audit IS TRUE && $.eventType = "${eventType}" }`;
}

export class AuditAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: { logGroup: ILogGroup }) {
    super(scope, id);
    // Publishers must use TLS (a topic policy denying aws:SecureTransport false).
    this.topic = new Topic(this, 'Topic', { displayName: 'mfa-reset-bot audit alarms', enforceSSL: true });
    this.alarms = alarmedEvents.map(({ eventType, metric, what }) => {
      const filter = new MetricFilter(this, `${metric}Filter`, {
        logGroup: props.logGroup,
        filterPattern: FilterPattern.literal(auditFilterPattern(eventType)),
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
