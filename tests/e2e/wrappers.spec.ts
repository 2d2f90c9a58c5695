// Findings as they arrive through AWS's delivery services: a Lambda's SQS records holding an SNS
// notification of an EventBridge event, a CloudWatch Logs subscription payload (base64 of gzip),
// JSON with comments. Each is read with its count, the finding shows the chain it came through,
// and a wrapper of something that is not a finding says what it holds.
import { expect, test } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { FindlensPage, fixture } from './pages/findlens-page';

const finding = () => JSON.parse(fixture('credentials-long-term.json'));
const event = () => ({ version: '0', id: 'e-1', 'detail-type': 'GuardDuty Finding', source: 'aws.guardduty', account: '123456789012', region: 'us-east-1', detail: finding() });
const sns = (message: string) => ({ Type: 'Notification', MessageId: 'm-1', TopicArn: 'arn:aws:sns:us-east-1:123456789012:findings', Message: message });
const sqsRecord = (body: string) => ({ messageId: 'q-1', receiptHandle: 'AQEB', body, md5OfBody: '0', eventSource: 'aws:sqs', awsRegion: 'us-east-1' });

test('a Lambda event of SQS records holding an SNS notification shows its delivery chain', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  const lambda = { Records: [sqsRecord(JSON.stringify(sns(JSON.stringify(event()))))] };
  await app.paste(JSON.stringify(lambda, null, 2));
  await expect(app.findingView).toBeVisible();
  await expect(app.findingView.getByTestId('finding-type')).toHaveText('UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom');
  await expect(app.findingView.getByTestId('finding-meta')).toContainText('Lambda → SQS → SNS → EventBridge → GuardDuty');
  await expect(app.loadStatuses.first()).toContainText('1 finding read');
  await expect(app.problems).toHaveCount(0);
});

test('a CloudWatch Logs subscription payload is decoded and every log event read', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  const second = { ...finding(), id: 'f-2', arn: 'arn:aws:guardduty:us-east-1:123456789012:detector/d/finding/f-2', title: 'The second finding' };
  const data = {
    messageType: 'DATA_MESSAGE', owner: '123456789012', logGroup: '/aws/events/guardduty', logStream: 's', subscriptionFilters: ['f'],
    logEvents: [
      { id: '1', timestamp: 1763630400000, message: JSON.stringify(event()) },
      { id: '2', timestamp: 1763630460000, message: JSON.stringify(second) },
    ],
  };
  const payload = { awslogs: { data: gzipSync(Buffer.from(JSON.stringify(data))).toString('base64') } };
  await app.open([{ name: 'awslogs.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(payload)) }]);
  await expect(app.loadStatuses.first()).toContainText('2 findings read');
  await expect(app.count).toHaveText('2 findings');
  await expect(app.row('The second finding')).toHaveCount(1);
});

test('JSON with comments is read, with a warning naming the line of the first', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  const text = fixture('credentials-long-term.json').replace('"accountId"', '// the member account\n  "accountId"');
  await app.paste(text);
  await expect(app.findingView).toBeVisible();
  await expect(app.loadStatuses.first()).toContainText('1 finding read; 1 warning.');
  await expect(app.loadWarnings.first()).toContainText('line 3: the text has comments (JSON with comments, JSONC)');
  await expect(app.loadWarnings.first()).toContainText('Read with a warning');
  // Nothing was skipped: the comments are ignored, the finding is read.
  await expect(app.loadNotes).toHaveCount(0);
});

test('an SNS notification of plain text says what it holds', async ({ page }) => {
  const app = new FindlensPage(page);
  await app.goto();
  await app.paste(JSON.stringify(sns('ALARM: CPU above 90%')));
  await expect(app.problems.first()).toContainText("the SNS notification's `Message` holds the text \"ALARM: CPU above 90%\", not JSON");
  await expect(app.loadStatuses.first()).toContainText('0 findings read; 1 problem');
});
