import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Stats,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';

/** CloudWatch caps the metrics one metric-math alarm may read (a hard limit). */
const METRICS_PER_ALARM = 10;

/** A stream consumer may lag this much behind the table before someone is told (Needs Payer, card checks go stale). */
export const maxIteratorAge = Duration.minutes(5);

export interface PracticeMonitoringProps {
  practiceName: string;
  alarmEmail: string;
  key: IKey;
  api: HttpApi;
  /** Every function of the practice, by a name that says what it does (route id or `payerMatch`). */
  functions: Map<string, IFunction>;
  /** The functions reading the table's stream: each is alarmed when it falls behind or parks a record. */
  streamConsumers: readonly StreamConsumer[];
}

export interface StreamConsumer {
  /** Prefix of its alarms' ids (`Stream` keeps the payer-match alarms' ids of earlier deploys). */
  id: string;
  fn: IFunction;
  failedRecords: IQueue;
  /** What a person sees go wrong when it lags, and when a record is parked. */
  whenBehind: string;
  whenParked: string;
}

/**
 * Alarms that mean "a person should look": API 5xx, any function error or throttle, a lagging stream, a parked
 * stream record. They e-mail the practice's alarm address through an encrypted topic; the dashboard shows the same
 * signals side by side.
 */
export class PracticeMonitoring extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: PracticeMonitoringProps) {
    super(scope, id);

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: `Portal Insurance alarms (${props.practiceName})`,
      masterKey: props.key,
      enforceSSL: true,
    });
    const subscription = this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    acknowledge(
      subscription,
      'Serverless-SNSRedrivePolicy',
      'An e-mail subscription: SNS retries delivery itself, and a dead-letter queue for undelivered alarm e-mails would be one more thing nobody watches. The alarms stay visible in CloudWatch and on the dashboard.',
    );
    const notify = new SnsAction(this.alarmTopic);

    // Threshold 1 by default: a small practice makes few requests, so a single failure is worth a look.
    const alarm = (alarmId: string, metric: IMetric, description: string, threshold = 1): Alarm => {
      const created = new Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      this.alarms.push(created);
      return created;
    };

    const fiveMinutes = Duration.minutes(5);
    const api5xx = props.api.metricServerError({ period: fiveMinutes, statistic: Stats.SUM });
    alarm('Api5xx', api5xx, 'The API answered 5xx: a handler failed or timed out. See the API access logs and the function logs.');

    // One alarm per concern and per ten functions (metric math over their metrics), not two per function: with a
    // function per route, per-function alarms were a fifth of the stack's CloudFormation resources. Each alarm
    // names its functions; the dashboard's per-function graphs show which one it was.
    const concerns = [
      { id: 'FunctionErrors', metric: (fn: IFunction) => fn.metricErrors(), what: 'threw or timed out' },
      {
        id: 'FunctionThrottles',
        metric: (fn: IFunction) => fn.metricThrottles(),
        what: 'was throttled: account concurrency is exhausted or the API throttle is too low',
      },
    ];
    const named = [...props.functions];
    for (const concern of concerns) {
      for (let start = 0; start < named.length; start += METRICS_PER_ALARM) {
        const group = named.slice(start, start + METRICS_PER_ALARM);
        const usingMetrics = Object.fromEntries(group.map(([, fn], index) => [`f${index}`, concern.metric(fn)]));
        // FILL: a function that was not invoked has no data point, and a sum with a missing term is missing.
        const expression = group.map((_, index) => `FILL(f${index}, 0)`).join(' + ');
        const names = group.map(([name]) => name).join(', ');
        alarm(
          `${concern.id}${start / METRICS_PER_ALARM + 1}`,
          new MathExpression({ expression, usingMetrics, period: fiveMinutes, label: `${concern.id}: ${names}`.slice(0, 255) }),
          `One of these functions ${concern.what}: ${names}. The dashboard shows which.`,
        );
      }
    }

    const iteratorAges: IMetric[] = [];
    const parkedRecords: IMetric[] = [];
    for (const consumer of props.streamConsumers) {
      const iteratorAge = consumer.fn.metric('IteratorAge', { period: fiveMinutes, statistic: Stats.MAXIMUM });
      alarm(`${consumer.id}IteratorAge`, iteratorAge, consumer.whenBehind, maxIteratorAge.toMilliseconds());
      const parked = consumer.failedRecords.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: Stats.MAXIMUM,
      });
      alarm(`${consumer.id}FailedRecords`, parked, consumer.whenParked);
      // Labelled on the dashboard only: a labelled metric would change how the alarm is written.
      iteratorAges.push(iteratorAge.with({ label: consumer.id }));
      parkedRecords.push(parked.with({ label: consumer.id }));
    }

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `portal-insurance-${props.practiceName}`,
      defaultInterval: Duration.days(1),
    });
    const functions = [...props.functions.values()];
    this.dashboard.addWidgets(
      new TextWidget({ markdown: `# Portal Insurance — ${props.practiceName}`, width: 24, height: 1 }),
      new GraphWidget({
        title: 'API requests and errors',
        left: [props.api.metricCount({ period: fiveMinutes }), props.api.metricClientError({ period: fiveMinutes }), api5xx],
        width: 12,
      }),
      new GraphWidget({
        title: 'API latency (p50, p99)',
        left: [
          props.api.metricLatency({ period: fiveMinutes, statistic: Stats.p(50) }),
          props.api.metricLatency({ period: fiveMinutes, statistic: Stats.p(99) }),
        ],
        width: 12,
      }),
      new GraphWidget({
        title: 'Function errors',
        left: functions.map((fn) => fn.metricErrors({ period: fiveMinutes })),
        width: 12,
      }),
      new GraphWidget({
        title: 'Function throttles',
        left: functions.map((fn) => fn.metricThrottles({ period: fiveMinutes })),
        width: 12,
      }),
      new GraphWidget({ title: 'Stream iterator age (ms)', left: iteratorAges, width: 12 }),
      new GraphWidget({ title: 'Parked stream records', left: parkedRecords, width: 12 }),
    );
  }
}
