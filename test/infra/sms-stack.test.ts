import { describe, expect, it } from 'vitest';
import { TIME_BUDGETS } from '#shared/time-budgets';
import { type CfnJson, type CfnTemplate, synthApp } from '../support/synth-app';

const app = synthApp();

const template = (): CfnTemplate => {
  expect(app.error?.message).toBeUndefined();
  const found = app.templates.get('QuietlistSms');
  if (!found) throw new Error('no QuietlistSms stack');
  return found;
};

const resources = (type: string) =>
  Object.entries(template().Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([logicalId, resource]) => ({ logicalId, properties: resource.Properties as CfnJson }));

describe('the SMS replies stack', () => {
  it('subscribes a queue (raw delivery off) to an encrypted topic, and the function to the queue, with a DLQ', () => {
    const [topic] = resources('AWS::SNS::Topic');
    expect(topic?.properties.KmsMasterKeyId).toBeDefined();
    const queues = resources('AWS::SQS::Queue');
    const queue = queues.find((q) => q.properties.RedrivePolicy !== undefined);
    const deadLetterQueue = queues.find((q) => q !== queue);
    expect(queue?.properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [deadLetterQueue?.logicalId, 'Arn'] },
      maxReceiveCount: 5,
    });
    expect(queue?.properties.VisibilityTimeout).toBe(TIME_BUDGETS.smsReplies.lambdaTimeoutSeconds * 6);
    expect(resources('AWS::SNS::Subscription').map((s) => s.properties)).toEqual([
      expect.objectContaining({
        Protocol: 'sqs',
        TopicArn: { Ref: topic?.logicalId },
        Endpoint: { 'Fn::GetAtt': [queue?.logicalId, 'Arn'] },
      }),
    ]);
    const [mapping] = resources('AWS::Lambda::EventSourceMapping');
    const [fn] = resources('AWS::Lambda::Function');
    expect(mapping?.properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [queue?.logicalId, 'Arn'] },
      FunctionName: { Ref: fn?.logicalId },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(fn?.properties.Timeout).toBe(TIME_BUDGETS.smsReplies.lambdaTimeoutSeconds);
  });

  it('lets End User Messaging of this account publish to the topic and use its key', () => {
    const [policy] = resources('AWS::SNS::TopicPolicy');
    if (!policy) throw new Error('no topic policy');
    const statement = (policy.properties.PolicyDocument.Statement as CfnJson[]).find(
      (s) => s.Sid === 'EndUserMessagingTwoWay',
    );
    expect(statement).toMatchObject({
      Principal: { Service: 'sms-voice.amazonaws.com' },
      Action: 'sns:Publish',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    const [key] = resources('AWS::KMS::Key');
    expect(JSON.stringify(key?.properties.KeyPolicy)).toContain('sms-voice.amazonaws.com');
  });

  it('grants the function R12 on claim partitions and W1/W3 on value partitions only', () => {
    const statements = resources('AWS::IAM::Policy').flatMap(
      (p) => p.properties.PolicyDocument.Statement as CfnJson[],
    );
    const dynamo = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('dynamodb:')));
    expect(
      dynamo.map((s) => [[s.Action].flat(), s.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys']]),
    ).toEqual([
      [['dynamodb:GetItem'], ['SMSNUM#*']],
      [['dynamodb:PutItem', 'dynamodb:UpdateItem'], ['SUP#*#*#*']],
    ]);
  });
});
